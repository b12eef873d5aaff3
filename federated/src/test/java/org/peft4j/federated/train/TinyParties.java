package org.peft4j.federated.train;

import java.nio.file.Path;
import java.util.List;
import org.peft4j.finetune.data.BuiltinDatasets;
import org.peft4j.finetune.data.DatasetSplits;
import org.peft4j.finetune.data.Example;
import org.peft4j.finetune.task.EncodedSet;

/** A tiny random BERT with MiniLM's vocabulary and a slice of the built-in SST-2 sample, for fast tests. */
public final class TinyParties {
    private TinyParties() {}

    public static final DatasetSplits SST2 = BuiltinDatasets.sst2Sample();

    public static Path tokenizerFile() {
        return Path.of(System.getProperty("peft4j.fixtures"), "golden", "tokenizers", "bert-minilm", "tokenizer.json");
    }

    public static ModelSource model() { return ModelSource.randomBert(tokenizerFile(), 16, 2, 2, 7); }

    public static Party party(AdapterSpec spec) { return Party.build(model(), spec, SST2.task()); }

    public static List<Example> rows(int from, int n) { return SST2.train().subList(from, from + n); }

    public static EncodedSet encoded(Party p, int from, int n) { return p.task().encode(rows(from, n), 32); }
}
