// Generic operator calls through libtorch's dispatcher.
//
// Instead of one hand-written export per operator, .NET looks an operator up once by its schema name
// ("aten::conv2d", overload "") and then calls it with an array of ee_value cells. Arguments are converted
// to IValues guided by the operator's schema (so int lists become int[], a null tensor handle in a list
// becomes None for Tensor?[], trailing or explicitly skipped arguments take the schema's defaults), and the
// call goes through the full dispatcher: autograd, autocast and device kernels apply exactly as in PyTorch,
// the same path TorchScript uses.
#include <ATen/core/dispatch/Dispatcher.h>
#include <deque>
#include <mutex>
#include <sstream>
#include "shim.h"

using ee::T;

namespace {
std::mutex registry_mutex;
std::deque<c10::OperatorHandle> registry;  // deque: elements never move, so reads need no lock
thread_local std::vector<ee_value> pending;  // results that did not fit the caller's buffer
thread_local std::string schema_text;

[[noreturn]] void bad_argument(const c10::FunctionSchema& schema, size_t index, const std::string& what) {
  std::ostringstream m;
  m << schema.name() << (schema.overload_name().empty() ? "" : "." + schema.overload_name()) << ": argument "
    << index << " ('" << schema.arguments()[index].name() << "', " << schema.arguments()[index].type()->str()
    << ") " << what;
  throw std::invalid_argument(m.str());
}

const char* kind_name(int32_t kind) {
  static const char* names[] = {"None", "default", "Tensor", "int", "float", "bool", "int[]", "float[]", "Tensor[]",
                                "str", "Device"};
  return kind >= 0 && kind <= EE_KIND_DEVICE ? names[kind] : "unknown";
}

c10::IValue convert(const c10::FunctionSchema& schema, size_t index, const c10::TypePtr& type, const ee_value& v) {
  using K = c10::TypeKind;
  auto mismatch = [&]() -> c10::IValue {
    bad_argument(schema, index, std::string("cannot take a value of kind ") + kind_name(v.kind));
  };
  if (type->kind() == K::OptionalType) {
    if (v.kind == EE_KIND_NONE) return c10::IValue();
    return convert(schema, index, type->castRaw<c10::OptionalType>()->getElementType(), v);
  }
  switch (type->kind()) {
    case K::TensorType:
      if (v.kind != EE_KIND_TENSOR || v.p == nullptr) return mismatch();
      return T(v.p);
    case K::IntType:
      if (v.kind == EE_KIND_INT || v.kind == EE_KIND_BOOL) return v.i;
      return mismatch();
    case K::FloatType:
      if (v.kind == EE_KIND_DOUBLE) return v.d;
      if (v.kind == EE_KIND_INT) return static_cast<double>(v.i);
      return mismatch();
    case K::BoolType:
      if (v.kind == EE_KIND_BOOL || v.kind == EE_KIND_INT) return v.i != 0;
      return mismatch();
    case K::NumberType:  // Scalar
      if (v.kind == EE_KIND_INT) return v.i;
      if (v.kind == EE_KIND_DOUBLE) return v.d;
      if (v.kind == EE_KIND_BOOL) return v.i != 0;
      return mismatch();
    case K::StringType:
      if (v.kind != EE_KIND_STRING) return mismatch();
      return std::string(static_cast<const char*>(v.p));
    case K::DeviceObjType:
      if (v.kind != EE_KIND_DEVICE) return mismatch();
      return c10::Device(static_cast<c10::DeviceType>(v.i), static_cast<c10::DeviceIndex>(v.len));
    case K::ListType: {
      auto elem = type->castRaw<c10::ListType>()->getElementType();
      if (elem->kind() == K::IntType) {
        if (v.kind == EE_KIND_INT) return c10::List<int64_t>({v.i});
        if (v.kind != EE_KIND_INT_LIST) return mismatch();
        auto p = static_cast<const int64_t*>(v.p);
        return c10::List<int64_t>(std::vector<int64_t>(p, p + v.len));
      }
      if (elem->kind() == K::FloatType) {
        if (v.kind != EE_KIND_DOUBLE_LIST) return mismatch();
        auto p = static_cast<const double*>(v.p);
        return c10::List<double>(std::vector<double>(p, p + v.len));
      }
      if (elem->kind() == K::TensorType) {
        if (v.kind != EE_KIND_TENSOR_LIST) return mismatch();
        c10::List<at::Tensor> list;
        auto p = static_cast<void* const*>(v.p);
        for (int64_t k = 0; k < v.len; k++) list.push_back(T(p[k]));
        return list;
      }
      if (elem->kind() == K::OptionalType) {  // Tensor?[]
        if (v.kind != EE_KIND_TENSOR_LIST) return mismatch();
        c10::List<c10::optional<at::Tensor>> list;
        auto p = static_cast<void* const*>(v.p);
        for (int64_t k = 0; k < v.len; k++)
          list.push_back(p[k] ? c10::optional<at::Tensor>(T(p[k])) : c10::optional<at::Tensor>());
        return list;
      }
      bad_argument(schema, index, "has a list type the shim does not convert");
    }
    default:
      bad_argument(schema, index, "has a type the shim does not convert");
  }
}

void flatten(const c10::IValue& r, std::vector<ee_value>& out) {
  ee_value v{};
  if (r.isTensor()) {
    const auto& t = r.toTensor();
    v.kind = t.defined() ? EE_KIND_TENSOR : EE_KIND_NONE;
    v.p = t.defined() ? ee::wrap(t) : nullptr;
  } else if (r.isTuple()) {
    for (const auto& e : r.toTupleRef().elements()) flatten(e, out);
    return;
  } else if (r.isTensorList()) {
    for (const at::Tensor& t : r.toTensorVector()) flatten(c10::IValue(t), out);
    return;
  } else if (r.isInt()) {
    v.kind = EE_KIND_INT, v.i = r.toInt();
  } else if (r.isDouble()) {
    v.kind = EE_KIND_DOUBLE, v.d = r.toDouble();
  } else if (r.isBool()) {
    v.kind = EE_KIND_BOOL, v.i = r.toBool();
  } else if (r.isNone()) {
    v.kind = EE_KIND_NONE;
  } else {
    throw std::runtime_error("operator returned a value of type " + r.tagKind() + " that the shim does not convert");
  }
  out.push_back(v);
}
}  // namespace

// Looks an operator up by name and overload ("" for the default); *out is a small integer id.
EE_API int ee_op_find(const char* name, const char* overload, int32_t* out) {
  EE_TRY(auto handle = c10::Dispatcher::singleton().findSchemaOrThrow(name, overload);
         std::lock_guard<std::mutex> lock(registry_mutex);
         for (size_t k = 0; k < registry.size(); k++) if (registry[k].operator_name() == handle.operator_name()) { *out = static_cast<int32_t>(k); return 0; }
         registry.push_back(handle);
         *out = static_cast<int32_t>(registry.size() - 1))
}

EE_API int ee_op_schema(int32_t op, const char** out) {
  EE_TRY(std::ostringstream s; s << registry.at(static_cast<size_t>(op)).schema(); schema_text = s.str();
         *out = schema_text.c_str())
}

// Calls operator `op` with n_args positional cells (missing trailing ones take defaults). Writes up to
// capacity results to outs and the total count to *n_out. With capacity 0 results are dropped (in-place
// calls); with more results than capacity the rest wait for ee_op_take_pending.
EE_API int ee_op_call(int32_t op, const ee_value* args, int32_t n_args, ee_value* outs, int32_t capacity,
                      int32_t* n_out) {
  EE_TRY(
      const auto& handle = registry.at(static_cast<size_t>(op));
      const auto& schema = handle.schema();
      const auto& formals = schema.arguments();
      if (static_cast<size_t>(n_args) > formals.size()) {
        std::ostringstream m;
        m << schema.name() << " takes " << formals.size() << " arguments, got " << n_args;
        throw std::invalid_argument(m.str());
      }
      torch::jit::Stack stack;
      stack.reserve(formals.size());
      for (size_t k = 0; k < formals.size(); k++) {
        if (k < static_cast<size_t>(n_args) && args[k].kind != EE_KIND_DEFAULT) {
          stack.push_back(convert(schema, k, formals[k].type(), args[k]));
        } else if (formals[k].default_value()) {
          stack.push_back(*formals[k].default_value());
        } else {
          bad_argument(schema, k, "is required and has no default");
        }
      }
      handle.callBoxed(stack);
      if (capacity == 0) { *n_out = 0; return 0; }
      std::vector<ee_value> results;
      for (const auto& r : stack) flatten(r, results);
      *n_out = static_cast<int32_t>(results.size());
      size_t direct = std::min(results.size(), static_cast<size_t>(capacity));
      std::copy(results.begin(), results.begin() + direct, outs);
      pending.assign(results.begin() + direct, results.end()))
}

// Hands over results that did not fit ee_op_call's buffer (count = n_out - capacity).
EE_API int ee_op_take_pending(ee_value* outs, int32_t count) {
  EE_TRY(if (static_cast<size_t>(count) != pending.size()) throw std::invalid_argument("pending result count mismatch");
         std::copy(pending.begin(), pending.end(), outs); pending.clear())
}
