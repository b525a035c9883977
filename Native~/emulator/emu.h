// Minimal CUDA execution emulator: runs a kernel's blocks one after another, each block's threads as std::threads.
// The threads are made once per launch and walk the blocks together (making them per block cost more than the
// kernels); __syncthreads waits for the block's threads that have not returned yet, as on the GPU.
#pragma once
#include <thread>
#include <barrier>
#include <mutex>
#include <condition_variable>
#include <vector>
#include <cmath>
#include <cstring>
#include <algorithm>
#include <functional>
#include <cstdio>
struct dim3 { unsigned x = 1, y = 1, z = 1; dim3(unsigned a = 1, unsigned b = 1, unsigned c = 1) : x(a), y(b), z(c) {} };
static thread_local dim3 threadIdx, blockIdx;
static dim3 gridDim, blockDim;
// A block's barrier: waits for every thread of the block that is still running the kernel; a thread that returns
// leaves it (so early returns after the last __syncthreads, or before any, are fine).
struct BlockSync
{
    std::mutex m;
    std::condition_variable cv;
    int alive = 0, arrived = 0;
    unsigned generation = 0;
    void sync()
    {
        std::unique_lock<std::mutex> lock(m);
        unsigned g = generation;
        if (++arrived == alive) { arrived = 0; ++generation; cv.notify_all(); }
        else cv.wait(lock, [&] { return generation != g; });
    }
    void leave()
    {
        std::unique_lock<std::mutex> lock(m);
        --alive;
        if (arrived > 0 && arrived == alive) { arrived = 0; ++generation; cv.notify_all(); }
    }
};
static BlockSync* g_sync;
static float g_dyn[1 << 16];
#define __global__
#define __device__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __shared__ static
inline void __syncthreads() { g_sync->sync(); }
using std::min; using std::max;
inline unsigned __float_as_uint(float f) { unsigned u; memcpy(&u, &f, 4); return u; }
inline float __uint_as_float(unsigned u) { float f; memcpy(&f, &u, 4); return f; }
// Separately rounded float operations (x86-64 SSE rounds each to nearest-even; -std=c++20 does not contract to FMA).
inline float __fadd_rn(float a, float b) { volatile float r = a + b; return r; }
inline float __fsub_rn(float a, float b) { volatile float r = a - b; return r; }
inline float __fmul_rn(float a, float b) { volatile float r = a * b; return r; }
template <class F> void launch(dim3 grid, dim3 block, F kernel)
{
    gridDim = grid; blockDim = block;
    const int n = block.x * block.y * block.z;
    const long long blocks = (long long)grid.x * grid.y * grid.z;
    BlockSync sync; sync.alive = n; g_sync = &sync;
    // Between blocks: every thread has returned; the next block starts with all of them alive.
    std::barrier gate(n, [&]() noexcept { sync.alive = n; sync.arrived = 0; });
    std::vector<std::thread> ts;
    for (int t = 0; t < n; ++t)
        ts.emplace_back([&, t] {
            threadIdx = dim3(t % block.x, (t / block.x) % block.y, t / (block.x * block.y));
            for (long long b = 0; b < blocks; ++b)
            {
                blockIdx = dim3((unsigned)(b % grid.x), (unsigned)((b / grid.x) % grid.y), (unsigned)(b / ((long long)grid.x * grid.y)));
                kernel();
                sync.leave();
                gate.arrive_and_wait();
            }
        });
    for (auto& th : ts) th.join();
}
