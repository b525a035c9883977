// Minimal CUDA execution emulator: runs a kernel's blocks one after another, each block's threads as std::threads.
#pragma once
#include <thread>
#include <barrier>
#include <vector>
#include <cmath>
#include <cstring>
#include <algorithm>
#include <functional>
#include <cstdio>
struct dim3 { unsigned x = 1, y = 1, z = 1; dim3(unsigned a = 1, unsigned b = 1, unsigned c = 1) : x(a), y(b), z(c) {} };
static thread_local dim3 threadIdx, blockIdx;
static dim3 gridDim, blockDim;
static std::barrier<>* g_bar;
static float g_dyn[1 << 16];
#define __global__
#define __device__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __shared__ static
inline void __syncthreads() { g_bar->arrive_and_wait(); }
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
    int n = block.x * block.y * block.z;
    for (unsigned bz = 0; bz < grid.z; ++bz) for (unsigned by = 0; by < grid.y; ++by) for (unsigned bx = 0; bx < grid.x; ++bx)
    {
        std::barrier<> bar(n); g_bar = &bar;
        std::vector<std::thread> ts;
        for (int t = 0; t < n; ++t)
            ts.emplace_back([&, t] {
                blockIdx = dim3(bx, by, bz);
                threadIdx = dim3(t % block.x, (t / block.x) % block.y, t / (block.x * block.y));
                kernel();
                bar.arrive_and_drop();
            });
        for (auto& th : ts) th.join();
    }
}
