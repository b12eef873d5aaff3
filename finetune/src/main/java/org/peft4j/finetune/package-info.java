/** peft4j finetune module. */
package org.peft4j.finetune;
