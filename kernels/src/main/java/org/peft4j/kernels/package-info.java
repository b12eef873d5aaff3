/** peft4j kernels module. */
package org.peft4j.kernels;
