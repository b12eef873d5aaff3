/** peft4j benchmarks module. */
package org.peft4j.benchmarks;
