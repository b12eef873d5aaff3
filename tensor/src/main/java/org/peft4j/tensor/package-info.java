/** peft4j tensor module. */
package org.peft4j.tensor;
