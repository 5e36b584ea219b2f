// Autograd: requires_grad, .grad, backward, torch.autograd.grad, and grad mode (no-grad scopes).
#include <torch/csrc/autograd/autograd.h>
#include "shim.h"

using ee::T;

EE_API int ee_autograd_requires_grad(void* t, int32_t* out) { EE_TRY(*out = T(t).requires_grad() ? 1 : 0) }
EE_API int ee_autograd_set_requires_grad(void* t, int32_t value) { EE_TRY(T(t).set_requires_grad(value != 0)) }
EE_API int ee_autograd_is_leaf(void* t, int32_t* out) { EE_TRY(*out = T(t).is_leaf() ? 1 : 0) }
EE_API int ee_autograd_retain_grad(void* t) { EE_TRY(T(t).retain_grad()) }

// *out is null when the tensor has no gradient yet.
EE_API int ee_autograd_grad_of(void* t, void** out) {
  EE_TRY(const auto& g = T(t).grad(); *out = g.defined() ? ee::wrap(g) : nullptr)
}
// grad may be null: clears the gradient (zero_grad(set_to_none=True)).
EE_API int ee_autograd_set_grad(void* t, void* grad) {
  EE_TRY(T(t).mutable_grad() = grad ? T(grad) : at::Tensor())
}

// gradient may be null for scalar outputs.
EE_API int ee_autograd_backward(void* t, void* gradient, int32_t retain_graph, int32_t create_graph) {
  EE_TRY(T(t).backward(gradient ? T(gradient) : at::Tensor(), retain_graph != 0, create_graph != 0))
}

// torch.autograd.grad: out receives n_inputs handles (null where allow_unused and unused).
EE_API int ee_autograd_grad(void** outputs, int32_t n_outputs, void** inputs, int32_t n_inputs, void** grad_outputs,
                            int32_t retain_graph, int32_t create_graph, int32_t allow_unused, void** out) {
  EE_TRY(torch::autograd::variable_list outs, ins, gouts;
         for (int i = 0; i < n_outputs; i++) outs.push_back(T(outputs[i]));
         for (int i = 0; i < n_inputs; i++) ins.push_back(T(inputs[i]));
         if (grad_outputs)
           for (int i = 0; i < n_outputs; i++) gouts.push_back(grad_outputs[i] ? T(grad_outputs[i]) : at::Tensor());
         auto res = torch::autograd::grad(outs, ins, gouts, retain_graph != 0, create_graph != 0, allow_unused != 0);
         for (int i = 0; i < n_inputs; i++) out[i] = res[i].defined() ? ee::wrap(res[i]) : nullptr)
}

EE_API int ee_autograd_grad_enabled(int32_t* out) { EE_TRY(*out = at::GradMode::is_enabled() ? 1 : 0) }
EE_API int ee_autograd_set_grad_enabled(int32_t enabled) { EE_TRY(at::GradMode::set_enabled(enabled != 0)) }
