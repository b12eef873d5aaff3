package org.peft4j.kernels.cuda;

import java.util.Arrays;
import java.util.List;

/**
 * Every CUDA kernel the Java side launches: the PTX module (a file under
 * {@code org/peft4j/kernels/cuda/ptx/}, compiled from {@code kernels/src/main/cuda/<module>.cu}), its
 * {@code extern "C"} entry name, and its parameter list. Launches are checked against the parameter list
 * ({@link KernelArgs#checkAgainst}), and PtxFilesTest checks each entry and its parameters in the committed PTX,
 * so a mismatch between the Java and CUDA sides fails a test on machines without a GPU.
 */
public enum Kernel {
    EW_UNARY("elementwise", "ew_unary_f32", "i32 i64 view ptr ptr"),
    EW_SCALAR("elementwise", "ew_scalar_f32", "i32 i64 view ptr f32 ptr"),
    EW_BINARY("elementwise", "ew_binary_f32", "i32 i64 view2 ptr ptr ptr"),
    EW_WHERE("elementwise", "ew_where_f32", "i64 view3 ptr ptr ptr ptr"),
    EW_FILL("elementwise", "ew_fill_f32", "i64 f32 ptr"),
    REDUCE_ROWS("reduce", "reduce_rows_f32", "i32 i32 i32 ptr f32 ptr"),
    REDUCE_COLS("reduce", "reduce_cols_f32", "i32 i32 i32 i32 ptr f32 ptr"),
    ARGMAX("reduce", "argmax_f32", "i32 i32 i32 ptr ptr"),
    SOFTMAX("softmax", "softmax_f32", "i32 i32 i32 i32 i32 ptr view ptr ptr"),
    SOFTMAX_BACKWARD("softmax", "softmax_backward_f32", "i32 i32 i32 ptr ptr ptr"),
    LAYERNORM_FWD("norms", "layernorm_fwd_f32", "i32 i32 ptr ptr ptr f32 ptr ptr ptr"),
    RMSNORM_FWD("norms", "rmsnorm_fwd_f32", "i32 i32 ptr ptr f32 ptr ptr"),
    NORM_BWD_DX("norms", "norm_bwd_dx_f32", "i32 i32 ptr ptr ptr ptr ptr ptr"),
    NORM_BWD_PARAMS("norms", "norm_bwd_params_f32", "i32 i32 ptr ptr ptr ptr ptr ptr"),
    ACT_FWD("activations", "act_fwd_f32", "i32 i64 ptr ptr"),
    ACT_BWD("activations", "act_bwd_f32", "i32 i64 ptr ptr ptr"),
    ROPE("rotary", "rope_f32", "i32 i32 i32 i32 ptr s4 ptr i32 ptr f32 ptr"),
    EMBEDDING_GATHER("embedding", "embedding_gather", "i32 i32 i32 i32 ptr ptr ptr"),
    EMBEDDING_SCATTER_ADD("embedding", "embedding_scatter_add_f32", "i32 i32 i32 ptr ptr ptr"),
    CROSS_ENTROPY("cross_entropy", "cross_entropy_f32", "i32 i32 ptr ptr i64 f32 f32 ptr ptr"),
    ADAMW("adamw", "adamw_f32", "i64 ptr ptr ptr ptr ptr ptr f32 f32 f32 f32 f32 f32 f32 f32"),
    SGEMM("gemm", "sgemm_tiled_f32", "i32 i32 i32 i32 i32 f32 ptr i64 i64 ptr i64 i64 f32 ptr i64 i64"),
    GEMM_BF16W("gemm", "gemm_bf16w_f32", "i32 i32 i32 f32 ptr i64 ptr i64 f32 ptr i64");

    private final String module;
    private final String entry;
    private final List<ParamType> params;

    Kernel(String module, String entry, String signature) {
        this.module = module;
        this.entry = entry;
        this.params = Arrays.stream(signature.split(" ")).map(ParamType::parse).toList();
    }

    /** The PTX file's base name (and the .cu file it is compiled from). */
    public String module() { return module; }

    /** The .entry name in the PTX, the name cuModuleGetFunction looks up. */
    public String entry() { return entry; }

    public List<ParamType> params() { return params; }
}
