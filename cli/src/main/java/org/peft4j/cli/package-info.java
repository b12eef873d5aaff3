/** peft4j cli module. */
package org.peft4j.cli;
