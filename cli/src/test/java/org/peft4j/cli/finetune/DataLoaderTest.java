package org.peft4j.cli.finetune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.finetune.data.ColumnSpec;
import org.peft4j.finetune.data.DatasetFormatException;
import org.peft4j.finetune.data.DatasetSplits;
import org.peft4j.finetune.data.Tasks;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Where --data may point: the datasets folder, a task's folder inside it, or the user's own file. */
class DataLoaderTest {
    private static Path sst2Folder(Path root) throws Exception {
        Path d = Files.createDirectories(root.resolve("sst2"));
        Files.writeString(d.resolve("train.tsv"), "sentence\tlabel\ngood\t1\nbad\t0\nfine\t1\n");
        Files.writeString(d.resolve("dev.tsv"), "sentence\tlabel\nnice\t1\n");
        return d;
    }

    @Test
    void theDatasetsFolderAndTheTaskFolderBothWork(@TempDir Path tmp) throws Exception {
        Path task = sst2Folder(tmp);
        ColumnSpec cols = ColumnSpec.of("text", "label");
        DatasetSplits a = DataLoader.load(Tasks.SST2, tmp, null, cols, 0), b = DataLoader.load(Tasks.SST2, task, null, cols, 0);
        assertEquals(3, a.train().size());
        assertEquals(1, a.validation().size());
        assertEquals(a.train(), b.train());
    }

    @Test
    void aFolderWithoutTheTaskSaysWhatItExpected(@TempDir Path tmp) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.load(Tasks.AGNEWS, tmp, null, ColumnSpec.of("text", "label"), 0));
        assertTrue(e.getMessage().contains("ag_news/"), e.getMessage());
    }

    @Test
    void aUserFileIsSplitBySeedOrUsesItsEvalFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("mine.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) sb.append("{\"review\":\"text ").append(i).append("\",\"y\":").append(i % 2).append("}\n");
        Files.writeString(f, sb.toString());
        ColumnSpec cols = ColumnSpec.of("review", "y");
        DatasetSplits s = DataLoader.load(Tasks.SST2, f, null, cols, 4);
        assertEquals(18, s.train().size());
        assertEquals(2, s.validation().size());
        assertEquals(s.validation(), DataLoader.load(Tasks.SST2, f, null, cols, 4).validation(), "same seed, same split");

        DatasetSplits withEval = DataLoader.load(Tasks.SST2, f, f, cols, 4);
        assertEquals(20, withEval.train().size());
        assertEquals(20, withEval.validation().size());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope.csv");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> DataLoader.load(Tasks.SST2, missing, null, ColumnSpec.of("text", "label"), 0));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
