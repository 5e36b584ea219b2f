// EarthEmbed native shim: a C ABI over libtorch.
//
// Conventions (mechanical on purpose, like TorchSharp's LibTorchSharp, but stricter):
//  - every export is named ee_<area>_<op> and returns int: 0 on success, -1 on failure;
//  - results come back through out-parameters;
//  - on failure the message is kept in a thread-local string, read with ee_last_error();
//    std::exception and anything else (`...`) are caught, so nothing unwinds into .NET;
//  - a tensor handle is a heap-allocated at::Tensor*, freed with ee_tensor_free.
#pragma once
#include <cstdint>
#include <string>
#include <torch/torch.h>

#define EE_API extern "C" __attribute__((visibility("default")))

namespace ee {
void set_error(const char* message);
void set_error(const std::string& message);

inline at::Tensor& T(void* handle) {
  if (handle == nullptr) throw std::invalid_argument("tensor handle is null (was the tensor disposed?)");
  return *static_cast<at::Tensor*>(handle);
}
inline void* wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }
}  // namespace ee

// One-line bodies: EE_TRY(statement; statement;)
#define EE_TRY(...)                                                   \
  try {                                                               \
    __VA_ARGS__;                                                      \
    return 0;                                                         \
  } catch (const c10::Error& e) {                                     \
    ee::set_error(e.what_without_backtrace());                        \
  } catch (const std::exception& e) {                                 \
    ee::set_error(e.what());                                          \
  } catch (...) {                                                     \
    ee::set_error("unknown native exception in " + std::string(__func__)); \
  }                                                                   \
  return -1;

// Argument and result cell for generic operator calls (see ops.cpp). 40 bytes, blittable from C#.
struct ee_value {
  int32_t kind;   // EE_KIND_*
  int32_t flags;  // reserved
  int64_t i;      // INT, BOOL, DEVICE type
  double d;       // DOUBLE
  void* p;        // TENSOR handle, list data, string
  int64_t len;    // list length, DEVICE index
};

enum {
  EE_KIND_NONE = 0,
  EE_KIND_DEFAULT = 1,  // argument: use the schema's default
  EE_KIND_TENSOR = 2,
  EE_KIND_INT = 3,
  EE_KIND_DOUBLE = 4,
  EE_KIND_BOOL = 5,
  EE_KIND_INT_LIST = 6,
  EE_KIND_DOUBLE_LIST = 7,
  EE_KIND_TENSOR_LIST = 8,  // p: void*[len] of tensor handles; a null entry is None (for Tensor?[])
  EE_KIND_STRING = 9,
  EE_KIND_DEVICE = 10,
};
