/**
 * peft4j transformer module: building blocks ({@code nn}), the BERT/RoBERTa/GPT-2/LLaMA models ({@code models})
 * and text generation ({@code generate}).
 */
package org.peft4j.transformer;
