"""Chapter 3 variants: the mistakes of CURRICULUM.md and other correct loops."""

from tests.variants import alternative, mistake

F = "descent.py"
UPDATE = "            W -= lr * W.grad\n            B -= lr * B.grad\n"
ZERO = "            W.grad.zero_()\n            B.grad.zero_()\n"

VARIANTS = [
    mistake("ch03", "update_without_no_grad",
            (F, "        with torch.no_grad():\n" + UPDATE + ZERO,
             "        if True:\n" + UPDATE + ZERO),
            fails="check_manual_training", says="inside `with torch.no_grad():`"),
    mistake("ch03", "rebind_parameters",
            (F, UPDATE, "            W = W - lr * W.grad\n            B = B - lr * B.grad\n"),
            fails=("check_manual_training", "check_parameters_stay_leaves"),
            says="no longer a leaf tensor"),
    mistake("ch03", "rebind_parameters_detached",
            (F, UPDATE + ZERO,
             "            W = (W - lr * W.grad).detach().requires_grad_(False)\n"
             "            B = (B - lr * B.grad).detach().requires_grad_(False)\n"),
            fails="check_manual_training", says="no longer a leaf tensor"),
    mistake("ch03", "gradients_never_zeroed", (F, ZERO, ""),
            fails="check_manual_training", says="gradients are never reset"),
    mistake("ch03", "optimizer_never_zeroes",
            (F, "        optimizer.zero_grad()\n", ""),
            fails=("check_training_with_sgd", "check_momentum_converges_faster"),
            says="gradients are never reset"),
    mistake("ch03", "update_with_wrong_sign",
            (F, UPDATE, "            W += lr * W.grad\n            B += lr * B.grad\n"),
            fails=("check_one_manual_step", "check_manual_training"), says="subtract it"),
    mistake("ch03", "momentum_ignored",
            (F, "lr=lr, momentum=momentum)", "lr=lr)"),
            fails="check_momentum_converges_faster", says="momentum was not passed on"),
    mistake("ch03", "float64_data",
            (F, "    X = torch.tensor(x - x.mean()).float()\n    Y = torch.tensor(y - y.mean()).float()\n",
             "    X = torch.tensor(x - x.mean())\n    Y = torch.tensor(y - y.mean())\n"),
            fails="check_centred_data", says="dtype=torch.float32"),
    mistake("ch03", "sum_instead_of_mean",
            (F, "    return ((Yp - Y) ** 2).mean()\n", "    return ((Yp - Y) ** 2).sum()\n"),
            fails="check_loss_and_its_gradients", says="take the mean"),
    mistake("ch03", "prediction_only_for_the_training_heights",
            (F, "    return W * X + B\n", "    return torch.tensor((W * X + B).tolist())\n"),
            fails="check_prediction", says="computation graph"),
    mistake("ch03", "prediction_ignores_its_input",
            (F, "    return W * X + B\n",
             "    X = torch.tensor([-5.0, 5.0, 0.0, 2.0, -2.0])\n    return W * X + B\n"),
            fails="check_fitted_line_on_unseen_heights", says="from the X it is given"),
    alternative("ch03", "update_via_data_and_grad_none",
                (F, "        with torch.no_grad():\n" + UPDATE + ZERO,
                 "        W.data -= lr * W.grad\n        B.data -= lr * B.grad\n"
                 "        W.grad = None\n        B.grad = None\n")),
    alternative("ch03", "loss_with_functional_mse",
                (F, "    return ((Yp - Y) ** 2).mean()\n",
                 "    return torch.nn.functional.mse_loss(Yp, Y)\n")),
    alternative("ch03", "history_as_list_of_tuples",
                (F, "    return W, B, np.array(history)\n    # END SOLUTION\n\n\ndef train_with",
                 "    return W, B, [tuple(row) for row in history]\n    # END SOLUTION\n\n\ndef train_with")),
    alternative("ch03", "loop_with_zero_grad_first",
                (F, "        loss = mse(predict(X, W, B), Y)\n        loss.backward()\n        optimizer.step()\n        optimizer.zero_grad()\n",
                 "        optimizer.zero_grad()\n        loss = mse(predict(X, W, B), Y)\n        loss.backward()\n        optimizer.step()\n")),
]
