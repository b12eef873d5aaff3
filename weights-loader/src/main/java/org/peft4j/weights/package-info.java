/** peft4j weights-loader module. */
package org.peft4j.weights;
