package org.peft4j.finetune.metrics.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.peft4j.finetune.data.TextSource;

/**
 * The official-scorer reference files, copied from the shared e2e_nlg/metrics-reference folder
 * (and the test set, gzipped) into src/test/resources, so these tests always run.
 */
final class Fixtures {
    private Fixtures() {}

    static final String DIR = "/org/peft4j/finetune/metrics/";

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource(DIR + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource missing: " + DIR + name, e);
        }
    }

    static JsonNode json(String name) {
        try {
            return new ObjectMapper().readTree(path(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String name) {
        return TextSource.readLines(path(name));
    }

    static List<E2eInstance> testSet() {
        return E2eData.readReferences(path("testset_w_refs.csv.gz"));
    }

    static List<String> systemA() {
        return E2eData.readOutputs(path("system-a.txt.gz"), 630);
    }
}
