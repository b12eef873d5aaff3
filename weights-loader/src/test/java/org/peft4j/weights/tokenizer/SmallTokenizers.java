package org.peft4j.weights.tokenizer;

/** Tiny tokenizer.json texts for tests of the pipeline mechanics (truncation, padding, added tokens). */
final class SmallTokenizers {
    private SmallTokenizers() {
    }

    /** WordLevel over single letters, split on white space, BERT-style template written as strings. */
    static final String WORD_LEVEL = """
            {
              "version": "1.0",
              "truncation": null,
              "padding": null,
              "added_tokens": [
                {"id": 0, "content": "[PAD]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                {"id": 1, "content": "[UNK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                {"id": 2, "content": "[CLS]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                {"id": 3, "content": "[SEP]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                {"id": 11, "content": "<w>", "single_word": true, "lstrip": false, "rstrip": false, "normalized": false, "special": false},
                {"id": 12, "content": "<m>", "single_word": false, "lstrip": true, "rstrip": true, "normalized": false, "special": true}
              ],
              "normalizer": {"type": "Lowercase"},
              "pre_tokenizer": {"type": "WhitespaceSplit"},
              "post_processor": {
                "type": "TemplateProcessing",
                "single": "[CLS] $A [SEP]",
                "pair": "[CLS] $A [SEP] $B:1 [SEP]:1",
                "special_tokens": {
                  "[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]},
                  "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]}
                }
              },
              "decoder": null,
              "model": {
                "type": "WordLevel",
                "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "a": 4, "b": 5, "c": 6, "d": 7, "e": 8, "f": 9, "g": 10},
                "unk_token": "[UNK]"
              }
            }
            """;
}
