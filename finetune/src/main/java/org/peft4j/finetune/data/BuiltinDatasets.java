package org.peft4j.finetune.data;

import java.util.List;

/**
 * Small datasets shipped inside the jar, so demos and tests run without the shared data folder.
 * Their origin, license and the exact selection are in each folder's README.
 */
public final class BuiltinDatasets {
    private BuiltinDatasets() {}

    /** Where the SST-2 sample lives on the classpath. */
    public static final String SST2_SAMPLE_DIR = "/org/peft4j/finetune/data/sst2-sample/";
    /** The seed and sizes the SST-2 sample was selected with (see its README). */
    public static final long SST2_SAMPLE_SEED = 20240601L;
    public static final int SST2_SAMPLE_TRAIN_PER_LABEL = 1000;
    public static final int SST2_SAMPLE_VALIDATION_PER_LABEL = 200;

    /**
     * A label-balanced SST-2 sample: 2,000 training rows (1,000 per label) drawn from SST-2's
     * train.tsv and 400 validation rows (200 per label) from its dev.tsv, selected by
     * {@link #selectSst2Sample} with {@link #SST2_SAMPLE_SEED}.
     */
    public static DatasetSplits sst2Sample() {
        List<Example> train = readSample("train.tsv");
        List<Example> dev = readSample("dev.tsv");
        return new DatasetSplits(Tasks.SST2, train, dev, List.of(),
                "built-in SST-2 sample (classpath " + SST2_SAMPLE_DIR + "): seeded label-balanced subsets of GLUE SST-2 train.tsv / dev.tsv");
    }

    /** Re-derives the sample from the full SST-2 splits; the shipped files are exactly this. */
    public static DatasetSplits selectSst2Sample(DatasetSplits fullSst2) {
        List<Example> train = SampleSelection.balanced(fullSst2.train(), 2, SST2_SAMPLE_TRAIN_PER_LABEL, SST2_SAMPLE_SEED);
        List<Example> dev = SampleSelection.balanced(fullSst2.validation(), 2, SST2_SAMPLE_VALIDATION_PER_LABEL, SST2_SAMPLE_SEED);
        return new DatasetSplits(Tasks.SST2, train, dev, List.of(), "selected from " + fullSst2.provenance());
    }

    private static List<Example> readSample(String file) {
        String resource = SST2_SAMPLE_DIR + file;
        return BenchmarkDatasets.layout(Tasks.SST2).read(Tasks.SST2,
                TextSource.readResource(BuiltinDatasets.class, resource), "classpath:" + resource.substring(1));
    }
}
