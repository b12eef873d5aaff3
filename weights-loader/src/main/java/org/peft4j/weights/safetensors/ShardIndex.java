package org.peft4j.weights.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sharded checkpoint's {@code model.safetensors.index.json}: {@code {"metadata": {...}, "weight_map": {tensor: shard
 * file}}}. Shard names must be plain file names in the index's folder (no paths), so an index cannot point outside it.
 */
record ShardIndex(Path file, Map<String, String> weightMap, List<String> shards, Map<String, String> metadata) {
    private static final long MAX_INDEX_BYTES = 100_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    static ShardIndex read(Path file) throws IOException {
        String source = file.toString();
        long size = Files.size(file);
        if (size > MAX_INDEX_BYTES)
            throw new SafetensorsFormatException(source, null, -1, "index of " + size + " bytes exceeds the 100 MB limit");
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
            throw new SafetensorsFormatException(source, null, at, "index is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject())
            throw new SafetensorsFormatException(source, null, -1, "expected a JSON object with a 'weight_map', found " + kind(root));
        JsonNode wm = root.get("weight_map");
        if (wm == null || !wm.isObject())
            throw new SafetensorsFormatException(source, null, -1, "expected 'weight_map' to be an object {tensor name: shard file}, found " + kind(wm));
        Map<String, String> weightMap = new LinkedHashMap<>();
        List<String> shards = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : wm.properties()) {
            if (!e.getValue().isTextual())
                throw new SafetensorsFormatException(source, e.getKey(), -1, "expected the shard file name as a string, found " + kind(e.getValue()));
            String shard = e.getValue().asText();
            if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals(".") || shard.equals(".."))
                throw new SafetensorsFormatException(source, e.getKey(), -1, "shard '" + shard + "' is not a plain file name in the index's folder");
            weightMap.put(e.getKey(), shard);
            if (!shards.contains(shard)) shards.add(shard);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode md = root.get("metadata");
        if (md != null && md.isObject())
            md.properties().forEach(e -> metadata.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        return new ShardIndex(file, Collections.unmodifiableMap(weightMap), List.copyOf(shards), Collections.unmodifiableMap(metadata));
    }

    private static String kind(JsonNode n) {
        return n == null ? "nothing" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
