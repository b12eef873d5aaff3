package org.peft4j.peft.cost;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a PEFT method costs on a model for one training step and one federated round. Bytes are fp32 unless named
 * otherwise; FLOPs count multiply-adds as 2.
 *
 * @param method              the method and its main settings ("lora r=8 alpha=16 [query, value]")
 * @param totalParameters     base + adapter elements (tied weights once)
 * @param trainableParameters elements the optimizer updates
 * @param frozenWeightBytes   the frozen base weights in their stored dtypes
 * @param trainableBytes      fp32 trainable parameters
 * @param gradientBytes       fp32 gradients of the trainable parameters
 * @param optimizerStateBytes AdamW's exp_avg and exp_avg_sq
 * @param roundUploadBytes    a client's dense update: the adapter as a safetensors payload
 * @param roundDownloadBytes  the server's broadcast of the global adapter (same payload)
 * @param maskedUploadBytes   with a Fisher mask: the kept entries as a compact payload (null without a mask)
 * @param maskBytes           the mask itself as packed bits (sent when it is recomputed; null without a mask)
 * @param keptEntries         ceil(ρ·N) (null without a mask)
 * @param activationBytes     estimate of the activations the tape keeps for backward (see {@link CostModel})
 * @param forwardFlops        one forward of the batch
 * @param backwardFlops       its backward (input gradients through the layers above the lowest trainable one,
 *                            weight gradients of trainable tensors)
 */
public record CostReport(String method, long totalParameters, long trainableParameters, long frozenWeightBytes,
                         long trainableBytes, long gradientBytes, long optimizerStateBytes, long roundUploadBytes,
                         long roundDownloadBytes, Long maskedUploadBytes, Long maskBytes, Long keptEntries,
                         long activationBytes, double forwardFlops, double backwardFlops) {

    public double trainablePercent() { return 100.0 * trainableParameters / totalParameters; }

    public double stepFlops() { return forwardFlops + backwardFlops; }

    /** Ordered fields for printing (inspect's text and JSON output). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("trainable_params", trainableParameters);
        m.put("total_params", totalParameters);
        m.put("trainable_percent", Math.round(trainablePercent() * 10000) / 10000.0);
        m.put("frozen_weight_bytes", frozenWeightBytes);
        m.put("trainable_bytes", trainableBytes);
        m.put("gradient_bytes", gradientBytes);
        m.put("optimizer_state_bytes", optimizerStateBytes);
        m.put("round_upload_bytes", roundUploadBytes);
        m.put("round_download_bytes", roundDownloadBytes);
        if (maskedUploadBytes != null) {
            m.put("mask_kept_entries", keptEntries);
            m.put("masked_upload_bytes", maskedUploadBytes);
            m.put("mask_bytes", maskBytes);
        }
        m.put("activation_bytes_estimate", activationBytes);
        m.put("forward_flops", forwardFlops);
        m.put("backward_flops", backwardFlops);
        m.put("step_flops", stepFlops());
        return m;
    }
}
