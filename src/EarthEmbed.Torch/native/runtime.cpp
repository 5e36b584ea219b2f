// Process-wide settings and facts: versions, threads, seeds, devices, autocast.
#include <ATen/autocast_mode.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <torch/cuda.h>
#include "shim.h"

namespace {
thread_local std::string config_text;
}

EE_API const char* ee_runtime_version() { return TORCH_VERSION; }

EE_API int ee_runtime_config(const char** out) {
  EE_TRY(config_text = at::show_config(); *out = config_text.c_str())
}

EE_API int ee_runtime_set_num_threads(int32_t n) { EE_TRY(at::set_num_threads(n)) }
EE_API int ee_runtime_get_num_threads(int32_t* out) { EE_TRY(*out = at::get_num_threads()) }
EE_API int ee_runtime_set_num_interop_threads(int32_t n) { EE_TRY(at::set_num_interop_threads(n)) }
EE_API int ee_runtime_manual_seed(int64_t seed) { EE_TRY(torch::manual_seed(static_cast<uint64_t>(seed))) }

EE_API int ee_runtime_cuda_device_count(int32_t* out) {
  EE_TRY(*out = torch::cuda::is_available() ? static_cast<int32_t>(torch::cuda::device_count()) : 0)
}
EE_API int ee_runtime_cudnn_available(int32_t* out) { EE_TRY(*out = torch::cuda::cudnn_is_available() ? 1 : 0) }

// Autocast: dtype is a c10::ScalarType code (BFloat16 = 15, Half = 5).
EE_API int ee_runtime_set_autocast_cpu(int32_t enabled, int32_t dtype) {
  EE_TRY(at::autocast::set_cpu_enabled(enabled != 0);
         at::autocast::set_autocast_cpu_dtype(static_cast<at::ScalarType>(dtype));
         if (!enabled) at::autocast::clear_cache())
}
EE_API int ee_runtime_set_autocast_cuda(int32_t enabled, int32_t dtype) {
  EE_TRY(at::autocast::set_enabled(enabled != 0);
         at::autocast::set_autocast_gpu_dtype(static_cast<at::ScalarType>(dtype));
         if (!enabled) at::autocast::clear_cache())
}
EE_API int ee_runtime_autocast_cpu_enabled(int32_t* out) { EE_TRY(*out = at::autocast::is_cpu_enabled() ? 1 : 0) }
