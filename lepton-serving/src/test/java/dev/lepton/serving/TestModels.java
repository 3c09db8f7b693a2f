package dev.lepton.serving;

import dev.lepton.core.inference.Tensor;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The test models (src/test/resources/models, see its README) and inputs with known outputs. */
public final class TestModels {
    private TestModels() {}

    /** Logistic regression: {@code input} FP32 [batch, 4] to {@code output} FP32 [batch, 3]. */
    public static final Path TRIBUO = file("tribuo-logreg-4f-3c.onnx");
    /** Text-orientation CNN: {@code x} FP32 [-1, 3, -1, -1] to {@code softmax_0.tmp_0} FP32 [-1, 2]. */
    public static final Path PPOCR = file("ch_ppocr_mobile_v2.0_cls_infer.onnx");
    /** Voice activity: {@code input} [-1, -1], {@code state} [2, -1, 128], {@code sr} INT64 scalar; not batchable. */
    public static final Path SILERO = file("silero_vad_v5.onnx");

    /** The three rows of the reference input, one per class centre. */
    public static final float[] TRIBUO_INPUT = {0, 0, 0, 0, 3, 3, 0, 1, -3, 2, 1, -2};
    public static final float[] TRIBUO_OUTPUT = {0.9993548f, 3.3030627e-4f, 3.1485353e-4f, 1.637961e-4f, 0.9998362f, 2.260472e-10f,
            7.1946175e-5f, 1.2127307e-9f, 0.999928f};

    public static final float[] PPOCR_ZEROS_OUTPUT = {0.49980083f, 0.5001992f};
    public static final float[] PPOCR_GRADIENT_OUTPUT = {0.28482446f, 0.71517557f};

    /**
     * An image of {@code [1, 3, 48, width]}: column x holds {@code (x/(width-1))*2-1} scaled by {@code contrast}
     * in every channel and row. Width 192, contrast 1 is the README's reference gradient.
     */
    public static float[] gradient(int width, float contrast) {
        float[] image = new float[3 * 48 * width];
        for (int channel = 0; channel < 3; channel++) {
            for (int row = 0; row < 48; row++) {
                for (int x = 0; x < width; x++) {
                    image[(channel * 48 + row) * width + x] = ((x / (float) (width - 1)) * 2 - 1) * contrast;
                }
            }
        }
        return image;
    }

    public static Tensor image(float[] pixels, int width) {
        return Tensor.ofFloats(List.of(1L, 3L, 48L, (long) width), pixels);
    }

    private static Path file(String name) {
        try {
            return Path.of(TestModels.class.getResource("/models/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
