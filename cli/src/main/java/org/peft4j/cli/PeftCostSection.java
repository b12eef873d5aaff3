package org.peft4j.cli;

import org.peft4j.peft.PeftConfig;
import org.peft4j.peft.cost.CostModel;
import org.peft4j.peft.cost.Workload;
import org.peft4j.transformer.models.Models;
import org.peft4j.transformer.models.TransformerModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * inspect's "cost" section: the model folder is mapped (weights stay on disk; only the tensors a method copies, such
 * as trained biases or a head, are read), the method applied and measured by {@link CostModel}, then released.
 */
final class PeftCostSection {
    private PeftCostSection() {}

    static Map<String, Object> of(InspectReport report, PeftConfig method, Workload w) {
        Path dir = report.path();
        if (!Files.isDirectory(dir) || report.config() == null)
            throw new IllegalArgumentException("--method needs a model folder with config.json, found " + dir
                    + (report.configProblem() != null ? " (" + report.configProblem() + ")" : ""));
        try (TransformerModel m = Models.load(dir)) {
            return CostModel.of(m, report.config(), method, w).toMap();
        }
    }
}
