package org.peft4j.federated.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the planner's JSON (format: fixtures/planner/README.md). Every field is checked for presence, type and
 * range, and unknown fields are errors, so a misspelt key cannot silently fall back to something.
 */
public final class PlannerInputReader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private PlannerInputReader() {}

    public static PlannerInput read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new PlannerInputException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        return parse(root, file.toString());
    }

    public static PlannerInput parse(String json) throws IOException {
        try {
            return parse(MAPPER.readTree(json), "<json>");
        } catch (JsonProcessingException e) {
            throw new PlannerInputException("<json>: not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static PlannerInput parse(JsonNode root, String where) {
        Obj top = new Obj(root, where, "");
        Obj g = top.object("global");
        GlobalSpec global = new GlobalSpec(g.posInt("d"), g.posInt("k"), g.posInt("matrices_per_layer"), g.posInt("layers"),
                g.posInt("bits_per_param"), g.positive("noise_w"), g.nonNegative("power_dl_w"), g.positive("deadline_s"), g.posInt("r_max"));
        g.finish();
        JsonNode devs = top.field("devices");
        if (devs == null || !devs.isArray() || devs.isEmpty())
            throw new PlannerInputException(where + ": 'devices' must be a non-empty array");
        top.finish();
        List<DeviceSpec> devices = new ArrayList<>();
        for (int i = 0; i < devs.size(); i++) {
            Obj d = new Obj(devs.get(i), where, "devices[" + i + "].");
            String name = d.has("name") ? d.text("name") : "device-" + i;
            double rateUl = d.has("rate_ul_bps") ? d.positive("rate_ul_bps") : Double.NaN;
            double rateDl = d.has("rate_dl_bps") ? d.positive("rate_dl_bps") : Double.NaN;
            double gainUl = Double.isNaN(rateUl) ? d.positive("gain_ul") : d.optionalNonNegative("gain_ul");
            double gainDl = Double.isNaN(rateDl) ? d.positive("gain_dl") : d.optionalNonNegative("gain_dl");
            double powerUl = Double.isNaN(rateUl) ? d.positive("power_ul_w") : d.nonNegative("power_ul_w");
            if (Double.isNaN(rateDl) && global.powerDlW() <= 0)
                throw new PlannerInputException(where + ": devices[" + i + "] derives its downlink rate from the channel, which needs global.power_dl_w > 0");
            devices.add(new DeviceSpec(name, d.nonNegativeLong("samples"), d.positive("f_max_hz"), d.positive("omega"),
                    d.positive("bandwidth_hz"), gainUl, gainDl, powerUl, rateUl, rateDl,
                    d.nonNegative("circuit_j"), d.nonNegative("energy_j"), d.has("layers") ? d.posInt("layers") : global.layers()));
            d.finish();
        }
        return new PlannerInput(global, devices);
    }

    /** Strict field access for one JSON object; messages say file, path and expectation. */
    private static final class Obj {
        private final JsonNode node;
        private final String where;
        private final String path;
        private final Set<String> used = new HashSet<>();

        Obj(JsonNode node, String where, String path) {
            if (node == null || !node.isObject())
                throw new PlannerInputException(where + ": " + (path.isEmpty() ? "the document" : path.substring(0, path.length() - 1)) + " must be a JSON object");
            this.node = node;
            this.where = where;
            this.path = path;
        }

        boolean has(String f) { return node.has(f); }

        JsonNode field(String f) {
            used.add(f);
            return node.get(f);
        }

        private PlannerInputException bad(String f, String what) {
            return new PlannerInputException(where + ": " + path + f + " " + what);
        }

        Obj object(String f) {
            JsonNode v = field(f);
            if (v == null) throw bad(f, "is missing");
            return new Obj(v, where, path + f + ".");
        }

        private double number(String f) {
            JsonNode v = field(f);
            if (v == null) throw bad(f, "is missing");
            if (!v.isNumber()) throw bad(f, "must be a number, found " + v);
            double x = v.doubleValue();
            if (!Double.isFinite(x)) throw bad(f, "must be finite, found " + v);
            return x;
        }

        double positive(String f) {
            double x = number(f);
            if (x <= 0) throw bad(f, "must be > 0, found " + x);
            return x;
        }

        double nonNegative(String f) {
            double x = number(f);
            if (x < 0) throw bad(f, "must be >= 0, found " + x);
            return x;
        }

        double optionalNonNegative(String f) {
            return has(f) ? nonNegative(f) : Double.NaN;
        }

        int posInt(String f) {
            JsonNode v = field(f);
            if (v == null) throw bad(f, "is missing");
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) throw bad(f, "must be an integer >= 1, found " + v);
            return v.intValue();
        }

        long nonNegativeLong(String f) {
            JsonNode v = field(f);
            if (v == null) throw bad(f, "is missing");
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) throw bad(f, "must be an integer >= 0, found " + v);
            return v.longValue();
        }

        String text(String f) {
            JsonNode v = field(f);
            if (v == null || !v.isTextual()) throw bad(f, "must be a string");
            return v.textValue();
        }

        void finish() {
            for (Map.Entry<String, JsonNode> e : node.properties())
                if (!used.contains(e.getKey())) throw bad(e.getKey(), "is not a known field");
        }
    }
}
