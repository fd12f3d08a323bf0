"""Feedback in Spanish: after ``use_language("es")`` a wrong answer gets its named mistake in Spanish, errors stay
TypeError/ValueError naming the argument, notes and plot labels are Spanish; back in English nothing changed."""
import io
import contextlib

import numpy as np
import pytest

import gdcourse
from gdcourse import checks, plots, searches, validate
from gdcourse.checks import lesson01, lesson08
from gdcourse.checks.core import compact
from gdcourse.course import batching, datasets, linear


@pytest.fixture
def spanish():
    gdcourse.use_language("es")
    yield
    gdcourse.use_language("en")


def m_pytorch(w, velocity, grad, lr, beta):
    velocity = beta * velocity + grad
    return w - lr * velocity, velocity


def a_paper(w, m, v, grad, t, lr, beta_1, beta_2, epsilon):
    m, v = beta_1 * m + (1 - beta_1) * grad, beta_2 * v + (1 - beta_2) * grad ** 2
    return w - lr * (m / (1 - beta_1 ** t)) / (np.sqrt(v / (1 - beta_2 ** t)) + epsilon), m, v


def a_no_correction(w, m, v, grad, t, lr, beta_1, beta_2, epsilon):
    m, v = beta_1 * m + (1 - beta_1) * grad, beta_2 * v + (1 - beta_2) * grad ** 2
    return w - lr * m / (np.sqrt(v) + epsilon), m, v


def update_the_article_way(w, dw, lr):
    return w - lr * dw  # a new tensor; w itself does not change


WRONG = [  # (check, wrong answer, the named mistake in Spanish, the same in English)
    (checks.squared_error, lambda p, t: p - t, "Olvidaste elevar al cuadrado", "You forgot to square"),
    (checks.mean_squared_error, lambda p, t: np.sum((p - t) ** 2), "es la suma, no la media", "the sum, not the mean"),
    (checks.up_down_step, lambda w, d, t, s: w + s, "Tu función siempre sube. Calcula el error",
     "Your function always goes up. Compute the error"),
    (checks.error_derivative, lambda w, d, t: d * (d * w - t), "la versión del artículo quita el 2",
     "the article's version drops the 2"),
    (checks.gd_step, lambda w, d, t, a: w + a * 2 * d * (d * w - t), "Tu paso va cuesta arriba", "Your step goes uphill"),
    (checks.update, update_the_article_way, "la propia Variable w no cambió: el error del artículo",
     "the Variable w itself did not change: the article's bug"),
    (checks.sgd_step, lambda w, b, x, y, lr: (w - lr * np.mean(2 * (w * x + b - y) * x), b), "El sesgo no cambió",
     "The bias did not change"),
    (checks.momentum_step, m_pytorch, "Usaste la forma de PyTorch, velocity = beta * velocity + grad, y luego "
     "w = w - lr * velocity", "You used PyTorch's form, velocity = beta * velocity + grad, then w = w - lr * velocity"),
    (checks.momentum_step, lambda w, v, g, lr, b: (w + (b * v + lr * g), b * v + lr * g),
     "la velocidad tiene que *restar* lr * grad: velocity = beta * velocity - lr * grad, y luego w = w + velocity",
     "the velocity must *subtract* lr * grad: velocity = beta * velocity - lr * grad, then w = w + velocity"),
    (checks.adam_step, a_no_correction, "Sin corrección del sesgo", "No bias correction"),
    (checks.same_as_yesterday, lambda s, d: s[-d:], "los recuentos reales de los últimos días",
     "the true counts of the last days"),
    (checks.best_weight, 0.75, "Eso es data / true_value, al revés", "That is data / true_value, upside down"),
    (checks.largest_alpha, 0.2, "está más allá del límite", "is past the boundary"),
    (checks.epoch_steps, 31, "forman un lote más, más pequeño", "they make one more, smaller batch"),
]


@pytest.mark.parametrize("check, answer, spanish_words, english_words", WRONG,
                         ids=[f"{w[0].__name__}-{i}" for i, w in enumerate(WRONG)])
def test_a_wrong_answer_gets_its_named_mistake_in_spanish_and_in_english(spanish, check, answer, spanish_words,
                                                                          english_words):
    result = check(answer)
    assert result.status == "fail" and spanish_words in result.message, result.message
    assert "Todavía no" in repr(result) and "Todavía no" in result._repr_html_()
    gdcourse.use_language("en")
    english = check(answer)
    assert english.status == "fail" and english_words in english.message, english.message
    assert repr(english).startswith("Not yet")


def test_every_squared_error_mistake_is_named_in_spanish(spanish):
    catalogue = gdcourse.locale.catalogue("es")
    for hint, wrong in lesson01.SQUARED_ERROR_MISTAKES:
        message = checks.squared_error(wrong).message
        assert message == str(hint) and message != hint.template and message.startswith(
            catalogue[hint.template].split("{")[0])


def test_right_answers_other_conventions_and_unfinished_work_speak_spanish(spanish):
    right = checks.squared_error(lambda p, t: (p - t) ** 2)
    assert right and right.message == "los 7 casos son correctos." and repr(right).startswith("Correcto")
    paper = checks.adam_step(a_paper)
    assert paper and "Escribiste la forma del artículo original de Adam" in paper.message
    def stub(p, t):
        raise NotImplementedError()
    todo = checks.squared_error(stub)
    assert todo.status == "todo" and todo.message.startswith("sustituye la línea `raise NotImplementedError()`")
    assert checks.best_weight(None).message == "asigna tu respuesta a `best_weight` y vuelve a ejecutar esta celda."
    assert checks.best_weight(4 / 3).message == "1.33333 es correcto."
    assert checks.predict_quadruple(5).message == "5 es demasiado grande."


def test_a_wrong_answer_without_a_named_slip_shows_the_numbers_in_spanish(spanish):
    message = checks.squared_error(lambda p, t: (p - t) ** 2 + 1).message
    assert message.startswith("squared_error(1.5, 4.0) devolvió 7.25, pero la respuesta correcta es 6.25.")
    assert message.endswith("fallan 7 de 7 casos.")
    shapes = checks.momentum_step(lambda w, v, g, lr, b: (w, v)).message
    assert "new_velocity vale [0.5, 0.25], pero el valor correcto de new_velocity es [0.15, 0.325]. fallan 4 de 4 casos." in shapes
    assert compact(np.array([[1.5], [-2.0]])) == "[1.5, -2] (forma (2, 1))"


def test_the_learners_own_error_and_a_timeout_are_explained_in_spanish(spanish):
    raised = checks.squared_error(lambda p, t: p ^ t)
    assert "squared_error(1.5, 4.0) lanzó TypeError" in raised.message
    assert raised.message.endswith("En Python `^` no es una potencia (es el XOR bit a bit): escribe `** 2`.")
    assert checks.squared_error(print).message.startswith("squared_error(1.5, 4.0) devolvió None.")


@pytest.mark.parametrize("call, error, words", [
    (lambda: validate.number("alpha", "0.1"), TypeError, "alpha debe ser un número real; es str '0.1'"),
    (lambda: validate.number("alpha", -1, positive=True), ValueError, "alpha debe ser mayor que 0; vale -1.0"),
    (lambda: validate.integer("epochs", 0, minimum=1), ValueError, "epochs debe ser al menos 1; vale 0"),
    (lambda: validate.array("x", [[1, 2]], ndim=1), ValueError, "x debe tener 1 dimensión(es); tiene forma (1, 2)"),
    (lambda: validate.array("x", [np.nan]), ValueError, "x solo puede contener números finitos"),
    (lambda: searches.gradient_descent(alpha="big"), TypeError, "alpha debe ser un número real"),
    (lambda: linear.mse_gradient(np.ones((3, 2)), np.ones((3, 1)), np.ones((3, 1)), 0.0), ValueError,
     "w debe tener un peso por columna de X (2)"),
    (lambda: gdcourse.optimizers.get("sgdd"), ValueError, "optimizer debe ser uno de"),
    (lambda: gdcourse.tf.keras.Sequential([gdcourse.tf.keras.layers.Dense(1)]).fit([[1.0]], [1.0]), Exception,
     "llama a model.compile(...) con un optimizador y una pérdida antes de fit"),
])
def test_errors_in_spanish_keep_their_type_and_name_the_argument(spanish, call, error, words):
    with pytest.raises(error) as raised:
        call()
    assert words in str(raised.value)


def test_divergence_notes_are_spanish(spanish):
    note = searches.gradient_descent(iterations=200).note
    assert note.startswith("Detenido tras la iteración 125:") and "Esta ejecución divergió." in note
    assert searches.REGIME_NAMES["diverging"].__str__() == "divergente"
    x, y, _w, _b = datasets.article000()
    assert linear.gradient_descent(x, y, 0.1, 500).note.startswith("Detenido en el paso")
    run = batching.train_line(np.arange(5.0), 3 * np.arange(5.0), 1, 5.0, steps=200)
    assert run.note.startswith("Divergió: en el paso")
    model = gdcourse.tf.keras.Sequential([gdcourse.tf.keras.layers.Dense(1, input_shape=[1])])
    model.compile(optimizer=gdcourse.tf.keras.optimizers.SGD(10.0), loss="mse")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model.fit(np.arange(10.0)[:, None] * 100, np.arange(10.0) * 300, epochs=5, verbose=0)
    assert "El entrenamiento divergió en la época" in printed.getvalue()


def test_plot_titles_labels_and_legends_are_spanish(spanish):
    fig, ax = plots.path_on_curve(searches.gradient_descent(alpha=0.1), 3.0, 4.0)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("peso", "error")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["error cuadrático", "camino", "inicio",
                                                                   "mejor peso 1.333"]
    fig, axes = plots.training_traces([1.0, 2.0], [0.1, 0.2], [3.0, 1.0])
    assert [a.get_title() for a in axes] == ["peso tras cada paso", "sesgo (en la escala del peso)",
                                             "pérdida tras cada paso"]
    fig, ax = plots.contour_paths(np.arange(3.0), np.arange(2.0), np.ones((2, 3)), {"sgd": np.zeros((2, 2))})
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("peso w", "sesgo b")
    gdcourse.use_language("en")
    fig, ax = plots.contour_paths(np.arange(3.0), np.arange(2.0), np.ones((2, 3)), {"sgd": np.zeros((2, 2))})
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("weight w", "bias b")


def test_tables_built_at_import_follow_the_language_of_the_moment(spanish):
    hint = lesson08.MOMENTUM_MISTAKES[0][0]
    assert str(hint).startswith("Los dos salen cuesta arriba")
    gdcourse.use_language("en")
    assert str(hint).startswith("Both come out going uphill")
