"""Writes tokenizer.json: a tiny uncased WordPiece tokenizer (BERT pipeline, as all-MiniLM-L6-v2's file) whose
ids all fall inside the golden tiny BERT's vocabulary of 500, so CLI tests can run text through that model.
The vocabulary is made up here (specials, characters, ##characters, some whole words); it is not a trained one."""
import json
import string

words = """the a an and or but not no is was are be it this that very so too of to in on for with as at by from
film movie story acting plot film's characters director script scenes ending music cast performance
good great fine nice wonderful excellent brilliant funny moving charming beautiful best love loved enjoy
bad awful boring dull terrible worst poor weak mess hate hated tedious flat stupid waste
i you he she they we my his her their its one all more most some any much few many just only even still
""".split()
specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
chars = list(string.ascii_lowercase + string.digits) + list(".,!?'-:;()\"")
vocab = []
for t in specials + chars + ["##" + c for c in string.ascii_lowercase + string.digits] + words:
    if t not in vocab:
        vocab.append(t)
assert len(vocab) <= 500, len(vocab)
ids = {t: i for i, t in enumerate(vocab)}

def added(i, t):
    return {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}

tok = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [added(ids[t], t) for t in specials],
    "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "strip_accents": None, "lowercase": True},
    "pre_tokenizer": {"type": "BertPreTokenizer"},
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                   {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
        "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                 {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
        "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [ids["[CLS]"]], "tokens": ["[CLS]"]},
                           "[SEP]": {"id": "[SEP]", "ids": [ids["[SEP]"]], "tokens": ["[SEP]"]}},
    },
    "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
              "vocab": ids},
}
with open("tokenizer.json", "w") as f:
    json.dump(tok, f, indent=1)
print(len(vocab), "tokens")
