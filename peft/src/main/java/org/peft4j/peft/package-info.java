/** peft4j peft module. */
package org.peft4j.peft;
