"""gdcourse.tf: TensorFlow's names, so the articles' programs run with only the import changed."""
import contextlib
import io
import textwrap

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import gdcourse.tf as tf  # noqa: E402

# Article 004's program as the article gives it, with one line changed:
# `import tensorflow as tf` became `import gdcourse.tf as tf`.
ARTICLE_004 = textwrap.dedent("""
    import gdcourse.tf as tf
    import matplotlib.pyplot as plt

    tf.random.set_seed(23)
    x = tf.random.uniform(shape=(100, 1), minval=0, maxval=100, dtype=tf.dtypes.float32)
    y = 2*x + tf.random.normal(shape=(100, 1), mean=50.0, stddev=20, dtype=tf.dtypes.float32)

    W = tf.Variable(tf.random.normal([1]), name="weight")
    b = tf.Variable(tf.random.normal([1]), name="bias")

    def linear_regression(x):
        return W * x + b

    def mean_squared_error(y_true, y_pred):
        return tf.reduce_mean(tf.square(y_true - y_pred))

    optimizer = tf.optimizers.SGD(learning_rate=0.00001)

    def train_step(x, y):
        with tf.GradientTape() as tape:
            y_pred = linear_regression(x)
            loss = mean_squared_error(y, y_pred)
        gradients = tape.gradient(loss, [W, b])
        optimizer.apply_gradients(zip(gradients, [W, b]))
        return loss

    fig1, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4), dpi=50)
    fig2, (ax) = plt.subplots(1, figsize=(7, 5))
    losses = []
    for i in range(50):
        loss = train_step(x, y)
        ax1.plot(i, W, 'b*')
        ax2.plot(i, b, 'g+')
        ax.plot(i, loss, 'ro')
        losses.append(float(loss))
    print('Weight :', W)
    print('Bias :', b)
    plt.scatter(x, y)
    plt.plot(x, W * x + b, color='red')
    plt.close('all')
""")

KERAS = textwrap.dedent("""
    import gdcourse.tf as tf

    xs = tf.constant([[1.0], [2.0], [3.0], [4.0]])
    ys = tf.constant([[3.0], [5.0], [7.0], [9.0]])
    model = tf.keras.Sequential([tf.keras.layers.Dense(units=1, input_shape=[1])])
    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.05), loss="mean_squared_error")
    epochs_seen = []
    history = model.fit(xs, ys, epochs=200, verbose=0, callbacks=[
        tf.keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: epochs_seen.append(logs["loss"]))])
    prediction = model.predict(tf.constant([[10.0]]))
""")


def run(program):
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(compile(program, "<article>", "exec"), namespace)  # noqa: S102 - our own fixed text
    return namespace, out.getvalue()


def test_article_004_runs_with_only_its_import_changed():
    ns, printed = run(ARTICLE_004)
    assert printed.startswith("Weight : <gdcourse.Variable 'weight' shape=(1,)")
    w, b = float(np.asarray(ns["W"])[0]), float(np.asarray(ns["b"])[0])
    # The article reports weight 2.61 after 50 steps: a learning rate of 1e-5 moves the slope
    # close to the best one for a line through the origin, and barely moves the bias.
    assert 2.4 < w < 2.9 and abs(b) < 3
    assert ns["losses"][-1] < ns["losses"][0] / 10
    line = ns["ax1"].lines[0]                    # ax1.plot(i, W, 'b*') drew the weight itself
    assert line.get_marker() == "*" and len(ns["ax1"].lines) == 50


def test_the_same_seed_gives_the_same_run():
    first, _ = run(ARTICLE_004)
    second, _ = run(ARTICLE_004)
    assert first["losses"] == second["losses"]


def test_a_keras_program_runs_with_only_its_import_changed():
    ns, _ = run(KERAS)
    seen = ns["epochs_seen"]
    assert len(seen) == 200 and seen[-1] < seen[0] / 100   # the callback saw every epoch
    assert float(np.asarray(ns["prediction"]).ravel()[0]) == pytest.approx(21.0, abs=0.5)  # y = 2x + 1


def test_random_draws_have_the_asked_shape_and_range():
    tf.random.set_seed(1)
    u = np.asarray(tf.random.uniform((3, 2), minval=-1, maxval=1))
    assert u.shape == (3, 2) and np.all((-1 <= u) & (u < 1))
    assert np.asarray(tf.random.normal([4], mean=5.0, stddev=0.0)).tolist() == [5.0] * 4
    with pytest.raises(ValueError, match="minval must be below maxval"):
        tf.random.uniform([2], minval=1, maxval=1)
    with pytest.raises(ValueError, match="shape must hold whole numbers"):
        tf.random.normal([2.5])
    with pytest.raises(TypeError, match="dtype must be tf.dtypes.float32 or tf.dtypes.float64"):
        tf.random.normal([2], dtype=np.int32)


@pytest.mark.parametrize("reach", [lambda: tf.nn, lambda: tf.keras.layers.Conv2D,
                                   lambda: tf.random.shuffle, lambda: tf.keras.Model])
def test_what_gdcourse_lacks_says_so(reach):
    with pytest.raises(AttributeError, match="gdcourse doesn't have it"):
        reach()
