// The fiber scheduler behind host_emulation.h and the C entry point the Java side calls (through FFM) to
// launch a kernel by name: emu_launch(name, grid, block, dynamic shared bytes, kernelParams, error buffer).
// kernelParams has cuLaunchKernel's layout: an array of pointers, one per kernel parameter.
// The generated file emu_registry.inc (written by org.peft4j.kernels.cuda.emulation.EmulatorBuild) includes
// every kernel source and lists every extern "C" kernel as EMU_KERNEL(name).
#include "host_emulation.h"
#include <ucontext.h>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace emu {

enum State { RUNNABLE, AT_BLOCK_BARRIER, AT_WARP_BARRIER, DONE };

struct Thread {
    ucontext_t ctx;
    emu_dim3 idx;
    int linear = 0;
    State state = RUNNABLE;
    long long shuffles = 0;  // how many shuffles this lane has done (selects the exchange buffer)
};

struct Launch {
    emu_dim3 grid, block, blockIndex;
    std::vector<Thread> threads;
    std::vector<uint64_t> exchange[2];     // per-thread shuffle slots, double-buffered
    std::vector<unsigned char> dynShared;
    ucontext_t scheduler;
    Thread* cur = nullptr;
    void (*body)(void*) = nullptr;
    void* bodyArg = nullptr;
    std::string error;
};

static thread_local Launch* L = nullptr;
static const size_t STACK = 128 * 1024;

// Fiber stacks, kept between launches and never zero-filled (the OS maps pages as they are touched).
static thread_local char* stackPool = nullptr;
static thread_local size_t stackPoolThreads = 0;

static char* stacks_for(size_t threads) {
    if (threads > stackPoolThreads) {
        delete[] stackPool;
        stackPool = new char[threads * STACK];
        stackPoolThreads = threads;
    }
    return stackPool;
}

Thread* current() { return L->cur; }
const emu_dim3& thread_idx() { return L->cur->idx; }
const emu_dim3& block_idx() { return L->blockIndex; }
const emu_dim3& block_dim() { return L->block; }
const emu_dim3& grid_dim() { return L->grid; }
int lane() { return L->cur->linear % 32; }
void* dynamic_shared() { return L->dynShared.data(); }

static void yield_to_scheduler() { swapcontext(&L->cur->ctx, &L->scheduler); }

void sync_block() {
    L->cur->state = AT_BLOCK_BARRIER;
    yield_to_scheduler();
}

void sync_warp() {
    L->cur->state = AT_WARP_BARRIER;
    yield_to_scheduler();
}

uint64_t shuffle(uint64_t value, int srcLane) {
    Thread* t = L->cur;
    int buf = (int) (t->shuffles++ & 1);
    L->exchange[buf][t->linear] = value;
    sync_warp();
    int src = (t->linear / 32) * 32 + srcLane;
    if (src < 0 || src >= (int) L->threads.size()) return value;  // lane past the end of a partial warp
    return L->exchange[buf][src];
}

static void fiber_main() {
    L->body(L->bodyArg);
    L->cur->state = DONE;
    // returning resumes uc_link, the scheduler
}

// Runs every thread of the current block until all are done; false on a barrier that can never open.
static bool run_block() {
    size_t n = L->threads.size();
    char* stacks = stacks_for(n);
    for (size_t i = 0; i < n; i++) {
        Thread& t = L->threads[i];
        t.state = RUNNABLE;
        t.shuffles = 0;
        getcontext(&t.ctx);
        t.ctx.uc_stack.ss_sp = stacks + i * STACK;
        t.ctx.uc_stack.ss_size = STACK;
        t.ctx.uc_link = &L->scheduler;
        makecontext(&t.ctx, fiber_main, 0);
    }
    for (;;) {
        bool ran = false;
        for (size_t i = 0; i < n; i++) {
            if (L->threads[i].state != RUNNABLE) continue;
            L->cur = &L->threads[i];
            swapcontext(&L->scheduler, &L->cur->ctx);
            ran = true;
        }
        size_t live = 0, atBlock = 0;
        for (auto& t : L->threads) {
            if (t.state != DONE) live++;
            if (t.state == AT_BLOCK_BARRIER) atBlock++;
        }
        if (live == 0) return true;
        bool released = false;
        if (atBlock == live) {   // threads that already returned count as arrived, as on the GPU
            for (auto& t : L->threads) if (t.state == AT_BLOCK_BARRIER) t.state = RUNNABLE;
            released = true;
        }
        for (size_t w = 0; w < n; w += 32) {
            size_t end = std::min(n, w + 32), waiting = 0, alive = 0;
            for (size_t i = w; i < end; i++) {
                if (L->threads[i].state != DONE) alive++;
                if (L->threads[i].state == AT_WARP_BARRIER) waiting++;
            }
            if (alive > 0 && waiting == alive) {
                for (size_t i = w; i < end; i++) L->threads[i].state = RUNNABLE;
                released = true;
            }
        }
        if (!released && !ran) {
            L->error = "deadlock: threads wait at barriers that cannot open (divergent __syncthreads or shuffle) in block ("
                + std::to_string(L->blockIndex.x) + "," + std::to_string(L->blockIndex.y) + "," + std::to_string(L->blockIndex.z) + ")";
            return false;
        }
    }
}

template <typename... A, size_t... I>
static void call_with(void (*f)(A...), void** params, std::index_sequence<I...>) {
    f(*static_cast<typename std::remove_reference<A>::type*>(params[I])...);
}

template <typename... A>
static void call(void (*f)(A...), void** params) {
    call_with(f, params, std::index_sequence_for<A...>{});
}

}  // namespace emu

#define EMU_KERNEL(name) { #name, [](void** p) { emu::call(&name, p); } },

struct EmuEntry { const char* name; void (*invoke)(void**); };

#include "emu_registry.inc"

struct KernelCall { void (*invoke)(void**); void** params; };

static void run_kernel(void* arg) {
    KernelCall* k = static_cast<KernelCall*>(arg);
    k->invoke(k->params);
}

extern "C" int emu_launch(const char* name, int gx, int gy, int gz, int bx, int by, int bz, int dynamicSharedBytes,
                          void** params, char* error, int errorLength) {
    auto fail = [&](const std::string& msg) {
        std::snprintf(error, errorLength, "%s", msg.c_str());
        return 1;
    };
    void (*invoke)(void**) = nullptr;
    for (const EmuEntry& e : EMU_ENTRIES)
        if (std::strcmp(e.name, name) == 0) invoke = e.invoke;
    if (!invoke) return fail(std::string("no kernel named ") + name + " in the host emulation library");
    long long threads = (long long) bx * by * bz;
    if (threads <= 0 || threads > 1024 || gx <= 0 || gy <= 0 || gz <= 0)
        return fail("invalid launch: grid (" + std::to_string(gx) + "," + std::to_string(gy) + "," + std::to_string(gz)
            + ") block (" + std::to_string(bx) + "," + std::to_string(by) + "," + std::to_string(bz) + ")");
    emu::Launch launch;
    launch.grid = {(unsigned) gx, (unsigned) gy, (unsigned) gz};
    launch.block = {(unsigned) bx, (unsigned) by, (unsigned) bz};
    launch.threads.resize(threads);
    launch.exchange[0].resize(threads);
    launch.exchange[1].resize(threads);
    launch.dynShared.resize(dynamicSharedBytes > 0 ? dynamicSharedBytes : 16);
    for (int z = 0, i = 0; z < bz; z++)
        for (int y = 0; y < by; y++)
            for (int x = 0; x < bx; x++, i++) {
                launch.threads[i].idx = {(unsigned) x, (unsigned) y, (unsigned) z};
                launch.threads[i].linear = i;
            }
    KernelCall call{invoke, params};
    launch.body = run_kernel;
    launch.bodyArg = &call;
    emu::L = &launch;
    for (int z = 0; z < gz; z++)
        for (int y = 0; y < gy; y++)
            for (int x = 0; x < gx; x++) {
                launch.blockIndex = {(unsigned) x, (unsigned) y, (unsigned) z};
                if (!emu::run_block()) {
                    emu::L = nullptr;
                    return fail(launch.error);
                }
            }
    emu::L = nullptr;
    return 0;
}
