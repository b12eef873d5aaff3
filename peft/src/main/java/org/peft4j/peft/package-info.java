/**
 * Parameter-efficient fine-tuning: {@link org.peft4j.peft.Peft#apply} turns a model into a {@link org.peft4j.peft.PeftModel}
 * with one method (LoRA in {@code lora}, IA3 in {@code ia3}, bottleneck adapters in {@code adapter}, BitFit and full
 * fine-tuning in {@code bitfit}); FeDeRA's SVD initialisation is in {@code federa}, Fisher masks in {@code fisher},
 * Hugging Face PEFT adapter files in {@code io}, the cost model in {@code cost}. peft/README.md is the guide.
 */
package org.peft4j.peft;
