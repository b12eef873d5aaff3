/** JDK Flight Recorder events of the kernels ({@link org.peft4j.kernels.jfr.KernelEvent}); see docs/PROFILING.md. */
package org.peft4j.kernels.jfr;
