/** peft4j transformer module. */
package org.peft4j.transformer;
