package org.peft4j.finetune.metrics.e2e;

/** The five E2E challenge metrics of one system (BLEU on a 0-1 scale, CIDEr x10 as coco-caption). */
public record E2eScores(double bleu, double nist, double meteor, double rougeL, double cider, String meteorNote) {}
