/**
 * Hugging Face {@code tokenizer.json} tokenizers in pure Java, reproducing the Rust tokenizers library.
 *
 * <p>{@link org.peft4j.weights.tokenizer.Tokenizer#encode} runs the library's pipeline:
 * <ol>
 *   <li>added tokens ({@link org.peft4j.weights.tokenizer.AddedToken}) are cut out of the raw text
 *       (non-normalized ones) and, after normalization, of each remaining piece (normalized ones);</li>
 *   <li>the normalizer edits each piece, keeping for every character the span of the original text it
 *       came from ({@link org.peft4j.weights.tokenizer.text.NormalizedString});</li>
 *   <li>the pre-tokenizer cuts pieces into words; the model (WordPiece, BPE, WordLevel) turns each word
 *       into tokens;</li>
 *   <li>truncation, the post-processor (special tokens, type ids) and padding build the
 *       {@link org.peft4j.weights.tokenizer.Encoding}.</li>
 * </ol>
 * {@link org.peft4j.weights.tokenizer.Tokenizer#decode} maps ids back to token strings and runs the decoder.
 *
 * <p>Checked against {@code fixtures/golden/tokenizers} (BERT WordPiece, GPT-2 and RoBERTa byte-level
 * BPE, Llama-2 byte-fallback BPE). Offsets are UTF-16 indices into the Java input strings.
 * Not supported: the Unigram model, the Precompiled normalizer, the UnicodeScripts pre-tokenizer, BPE
 * dropout (encoding is deterministic).
 */
package org.peft4j.weights.tokenizer;
