/** peft4j autograd module. */
package org.peft4j.autograd;
