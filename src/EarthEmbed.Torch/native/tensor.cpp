// Tensor handles: lifetime, metadata, and the bridge between .NET memory and tensor storage.
// Every computation goes through ops.cpp; this file only moves bytes and answers questions.
#include <cstring>
#include <sstream>
#include "shim.h"

using ee::T;

namespace {
thread_local std::string text_buffer;

at::TensorOptions options_for(int32_t dtype, int32_t device_type, int32_t device_index) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(c10::Device(static_cast<c10::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index)));
}
}  // namespace

EE_API int ee_tensor_free(void* t) { EE_TRY(delete static_cast<at::Tensor*>(t)) }

// A second handle to the same tensor (shares storage and autograd identity).
EE_API int ee_tensor_alias(void* t, void** out) { EE_TRY(*out = ee::wrap(T(t))) }

EE_API int ee_tensor_empty(const int64_t* shape, int32_t ndim, int32_t dtype, int32_t device_type,
                           int32_t device_index, void** out) {
  EE_TRY(*out = ee::wrap(at::empty(at::IntArrayRef(shape, ndim), options_for(dtype, device_type, device_index))))
}

// One copy from .NET memory into a new CPU tensor (then moved to the device if asked).
EE_API int ee_tensor_from_data(const void* data, int64_t nbytes, const int64_t* shape, int32_t ndim, int32_t dtype,
                               int32_t device_type, int32_t device_index, void** out) {
  EE_TRY(auto cpu = at::empty(at::IntArrayRef(shape, ndim), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
         if (static_cast<int64_t>(cpu.nbytes()) != nbytes) {
           std::ostringstream m;
           m << "data holds " << nbytes << " bytes but shape " << cpu.sizes() << " of " << cpu.dtype() << " needs "
             << cpu.nbytes();
           throw std::invalid_argument(m.str());
         }
         if (nbytes > 0) std::memcpy(cpu.data_ptr(), data, static_cast<size_t>(nbytes));
         auto dev = c10::Device(static_cast<c10::DeviceType>(device_type), static_cast<c10::DeviceIndex>(device_index));
         *out = ee::wrap(dev.is_cpu() ? cpu : cpu.to(dev)))
}

// Copies a tensor's elements (any layout, any device) into .NET memory of exactly its size in bytes.
EE_API int ee_tensor_copy_to(void* t, void* data, int64_t nbytes) {
  EE_TRY(auto src = T(t).detach().to(at::kCPU).contiguous();
         if (static_cast<int64_t>(src.nbytes()) != nbytes) {
           std::ostringstream m;
           m << "destination holds " << nbytes << " bytes but the tensor has " << src.nbytes();
           throw std::invalid_argument(m.str());
         }
         if (nbytes > 0) std::memcpy(data, src.data_ptr(), static_cast<size_t>(nbytes)))
}

// Copies .NET memory into an existing tensor in place (shape must already match).
EE_API int ee_tensor_copy_from(void* t, const void* data, int64_t nbytes) {
  EE_TRY(auto& dst = T(t);
         auto cpu = at::empty(dst.sizes(), dst.options().device(at::kCPU));
         if (static_cast<int64_t>(cpu.nbytes()) != nbytes) {
           std::ostringstream m;
           m << "source holds " << nbytes << " bytes but the tensor needs " << cpu.nbytes();
           throw std::invalid_argument(m.str());
         }
         if (nbytes > 0) std::memcpy(cpu.data_ptr(), data, static_cast<size_t>(nbytes));
         at::NoGradGuard no_grad; dst.copy_(cpu))
}

// Raw pointer to the first element: only for contiguous CPU tensors (checked), for zero-copy spans.
EE_API int ee_tensor_data_ptr(void* t, void** out) {
  EE_TRY(auto& x = T(t);
         TORCH_CHECK(x.device().is_cpu(), "data_ptr needs a CPU tensor, got one on ", x.device());
         TORCH_CHECK(x.is_contiguous(), "data_ptr needs a contiguous tensor; call Contiguous() first");
         *out = x.data_ptr())
}

EE_API int ee_tensor_dim(void* t, int32_t* out) { EE_TRY(*out = static_cast<int32_t>(T(t).dim())) }
EE_API int ee_tensor_sizes(void* t, int64_t* out) {
  EE_TRY(auto s = T(t).sizes(); std::copy(s.begin(), s.end(), out))
}
EE_API int ee_tensor_strides(void* t, int64_t* out) {
  EE_TRY(auto s = T(t).strides(); std::copy(s.begin(), s.end(), out))
}
EE_API int ee_tensor_numel(void* t, int64_t* out) { EE_TRY(*out = T(t).numel()) }
EE_API int ee_tensor_dtype(void* t, int32_t* out) { EE_TRY(*out = static_cast<int32_t>(T(t).scalar_type())) }
EE_API int ee_tensor_device(void* t, int32_t* type, int32_t* index) {
  EE_TRY(auto d = T(t).device(); *type = static_cast<int32_t>(d.type()); *index = d.index())
}
EE_API int ee_tensor_is_contiguous(void* t, int32_t* out) { EE_TRY(*out = T(t).is_contiguous() ? 1 : 0) }
EE_API int ee_tensor_is_channels_last(void* t, int32_t* out) {
  EE_TRY(*out = T(t).is_contiguous(at::MemoryFormat::ChannelsLast) ? 1 : 0)
}
EE_API int ee_tensor_same(void* a, void* b, int32_t* out) {
  EE_TRY(*out = T(a).unsafeGetTensorImpl() == T(b).unsafeGetTensorImpl() ? 1 : 0)
}

EE_API int ee_tensor_item_double(void* t, double* out) { EE_TRY(*out = T(t).item<double>()) }
EE_API int ee_tensor_item_int64(void* t, int64_t* out) { EE_TRY(*out = T(t).item<int64_t>()) }

EE_API int ee_tensor_to_string(void* t, const char** out) {
  EE_TRY(std::ostringstream s; s << T(t); text_buffer = s.str(); *out = text_buffer.c_str())
}

// Swaps the data under a tensor while keeping its autograd identity (PyTorch's `param.data = other`), so a
// module can move or convert its parameters without invalidating references to them.
EE_API int ee_tensor_set_data(void* t, void* source) { EE_TRY(T(t).set_data(T(source))) }
