package org.peft4j.peft.cost;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The exact byte size of a safetensors payload of F32 tensors, computed from names and shapes without building it:
 * 8-byte length, the compact JSON header (metadata first, then tensors by name) padded with spaces to a multiple of
 * 8, then 4 bytes per value — the layout of the reference writer that SafetensorsWriter follows. A federated round
 * sends the adapter as such a payload.
 */
public final class PayloadSize {
    private PayloadSize() {}

    /** @param shapes tensor shapes by name (all F32); @param metadata __metadata__ or null */
    public static long f32(Map<String, int[]> shapes, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (metadata != null) {
            json.append("\"__metadata__\":{");
            List<String> keys = new ArrayList<>(metadata.keySet());
            keys.sort(PayloadSize::utf8Order);
            for (int i = 0; i < keys.size(); i++)
                json.append(i > 0 ? "," : "").append('"').append(keys.get(i)).append("\":\"").append(metadata.get(keys.get(i))).append('"');
            json.append('}');
        }
        List<String> names = new ArrayList<>(shapes.keySet());
        names.sort(PayloadSize::utf8Order);
        long offset = 0;
        for (String n : names) {
            int[] s = shapes.get(n);
            long bytes = 4;
            for (int d : s) bytes *= d;
            if (json.length() > 1) json.append(',');
            json.append('"').append(n).append("\":{\"dtype\":\"F32\",\"shape\":").append(Arrays.toString(s).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        long header = json.toString().getBytes(StandardCharsets.UTF_8).length;
        return 8 + (header + 7) / 8 * 8 + offset;
    }

    private static int utf8Order(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
