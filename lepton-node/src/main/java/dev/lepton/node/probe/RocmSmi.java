package dev.lepton.node.probe;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lepton.core.node.GpuDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks {@code rocm-smi} about AMD GPUs, in its JSON form: one object per device, keyed {@code card0},
 * {@code card1}, … by the device's ROCm index, every value a string ({@code "N/A"} where the driver has none).
 * As {@link NvidiaSmi}: the executable is a constructor argument, and a query that fails answers no devices with a
 * warning; a card that does not parse is skipped the same way. Two queries: the devices, once, and each card's
 * power and use, on every power reading ({@code RocmSmiPower}).
 */
public final class RocmSmi {
    public static final String EXECUTABLE = "rocm-smi";
    public static final String RESOURCE = "amd.com/gpu";
    /** Product name, VRAM, board power limit and unique id of every device. */
    static final List<String> DEVICE_QUERY = List.of("--showproductname", "--showmeminfo", "vram", "--showmaxpower", "--showuniqueid", "--json");
    /** Power draw, busy percent and VRAM in use of every device. */
    static final List<String> USAGE_QUERY = List.of("--showpower", "--showuse", "--showmeminfo", "vram", "--json");

    private static final Logger log = LoggerFactory.getLogger(RocmSmi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CARD = Pattern.compile("card(\\d+)");
    /** Where the model is, by rocm-smi's versions: {@code Card Series} (5.x and later), {@code Card series} (older). */
    private static final List<String> MODEL_KEYS = List.of("Card Series", "Card series", "Device Name", "Card Model", "Card model");
    /**
     * Where {@code --showpower} puts the draw: rocm_smi.py names it after the kind the library returned, {@code Current
     * Socket} (instant power, the only kind newer devices such as the MI300 report; rocm_smi_lib since September 2023)
     * or {@code Average} (older devices and releases).
     */
    private static final List<String> POWER_KEYS = List.of("Current Socket Graphics Package Power (W)", "Average Graphics Package Power (W)");
    /** What the second die of a two-die package (MI250X) reports: its primary die's figure covers the whole package. */
    private static final String SECONDARY_DIE = "N/A (Secondary die)";

    private final Path executable;
    private final Duration timeout;

    public RocmSmi(Path executable, Duration timeout) {
        this.executable = requireNonNull(executable, "executable is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** {@code rocm-smi} from {@code PATH}, if this machine has it; none, and no error, otherwise. */
    public static Optional<RocmSmi> locate() {
        return locate(System.getenv().getOrDefault("PATH", ""));
    }

    static Optional<RocmSmi> locate(String path) {
        return VendorTool.onPath(EXECUTABLE, path).map(found -> new RocmSmi(found, NvidiaSmi.DEFAULT_TIMEOUT));
    }

    /** The AMD GPUs, as {@value #RESOURCE} devices indexed by their ROCm index, in that order. */
    public List<GpuDevice> devices() {
        return query(DEVICE_QUERY).map(RocmSmi::parse).orElse(List.of());
    }

    /** Each AMD GPU's activity now, indexed by its ROCm index; none when the query fails. */
    public List<GpuUsage> usage() {
        return query(USAGE_QUERY).map(RocmSmi::parseUsage).orElse(List.of());
    }

    /**
     * Parses {@code rocm-smi … --json}: each {@code cardN} object as a device of index N, its model the card series,
     * memory {@code VRAM Total Memory (B)}, power limit {@code Max Graphics Package Power (W)} (0 when not given),
     * uuid {@code GPU-} and the unique id without {@code 0x} (else {@code rocm-cardN}). Other keys ({@code system}) are
     * not devices. Text around the object (warnings some versions print first) is ignored.
     */
    static List<GpuDevice> parse(String output) {
        return cards(output, RocmSmi::device);
    }

    /**
     * Parses {@code rocm-smi --showpower --showuse --showmeminfo vram --json}: each {@code cardN} as GPU N, its use
     * {@code GPU use (%)} (0 where not given, as {@code nvidia-smi}'s {@code [N/A]}), memory {@code VRAM Total Used Memory (B)},
     * power the first of {@link #POWER_KEYS} given, else none, so that it is modelled. A second die reports 0 W: its
     * package's draw is in its primary die's figure, and modelling it would count the package twice.
     */
    static List<GpuUsage> parseUsage(String output) {
        return cards(output, RocmSmi::usage);
    }

    /** Each {@code cardN} object of {@code output} through {@code card}, in index order; what does not parse is logged and skipped. */
    private static <T> List<T> cards(String output, BiFunction<Integer, JsonNode, T> card) {
        int start = output.indexOf('{');
        int end = output.lastIndexOf('}');
        if (start < 0 || end < start) {
            log.atWarn().setMessage("rocm-smi printed no JSON, reporting no AMD GPUs").addKeyValue("output", output.strip()).log();
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(output.substring(start, end + 1));
        } catch (IOException e) {
            log.atWarn().setMessage("rocm-smi printed JSON that does not parse, reporting no AMD GPUs").addKeyValue("error", e.getMessage()).log();
            return List.of();
        }
        record Card<T>(int index, T value) {}
        List<Card<T>> cards = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> cardNode = fields.next();
            Matcher index = CARD.matcher(cardNode.getKey());
            if (!index.matches()) {
                continue;
            }
            try {
                int n = Integer.parseInt(index.group(1));
                cards.add(new Card<>(n, card.apply(n, cardNode.getValue())));
            } catch (RuntimeException e) {
                log.atWarn().setMessage("skipping a rocm-smi card that does not parse").addKeyValue("card", cardNode.getKey())
                        .addKeyValue("error", e.toString()).log();
            }
        }
        cards.sort(Comparator.comparingInt(Card::index));
        return cards.stream().map(Card::value).toList();
    }

    private static GpuDevice device(int index, JsonNode card) {
        if (!card.isObject()) {
            throw new IllegalArgumentException("not an object: " + card);
        }
        String model = MODEL_KEYS.stream().map(key -> text(card, key)).flatMap(Optional::stream).findFirst().orElse("AMD GPU");
        long memory = (long) number(card, "VRAM Total Memory (B)").orElse(0);
        double limit = number(card, "Max Graphics Package Power (W)").orElse(0);
        String uuid = text(card, "Unique ID").map(id -> "GPU-" + id.replaceFirst("^0x", "")).orElse("rocm-card" + index);
        return new GpuDevice(index, uuid, model, memory, limit, RESOURCE);
    }

    private static GpuUsage usage(int index, JsonNode card) {
        if (!card.isObject()) {
            throw new IllegalArgumentException("not an object: " + card);
        }
        double use = number(card, "GPU use (%)").orElse(0) / 100;
        long memory = (long) number(card, "VRAM Total Used Memory (B)").orElse(0);
        return new GpuUsage(index, use, memory, power(card));
    }

    private static OptionalDouble power(JsonNode card) {
        for (String key : POWER_KEYS) {
            OptionalDouble watts = number(card, key);
            if (watts.isPresent()) {
                return watts;
            }
        }
        boolean secondaryDie = POWER_KEYS.stream().map(card::get).anyMatch(v -> v != null && v.asText().strip().equals(SECONDARY_DIE));
        return secondaryDie ? OptionalDouble.of(0) : OptionalDouble.empty();
    }

    /** A value, or empty where rocm-smi has none ({@code N/A}, {@code N/A (Secondary die)}) or left it out. */
    private static Optional<String> text(JsonNode card, String key) {
        JsonNode value = card.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text = value.asText().strip();
        return text.isEmpty() || text.startsWith("N/A") ? Optional.empty() : Optional.of(text);
    }

    private static OptionalDouble number(JsonNode card, String key) {
        Optional<String> text = text(card, key);
        if (text.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(text.get()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number ('" + text.get() + "')", e);
        }
    }

    private Optional<String> query(List<String> options) {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(options);
        try {
            VendorTool.Run run = VendorTool.run(command, timeout);
            // Some versions end with a non-zero status when a field is unsupported on a device, after printing the rest.
            return run.output().contains("{") ? Optional.of(run.output()) : failed("exit code " + run.exitCode() + ", no JSON");
        } catch (IOException e) {
            return failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Optional<String> failed(String why) {
        log.atWarn().setMessage("rocm-smi query failed, reporting no AMD GPUs").addKeyValue("executable", executable).addKeyValue("error", why).log();
        return Optional.empty();
    }
}
