package dev.tokenomics.service;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for every test that scrapes
 * {@code /metrics}. Maven Central has writers of the format (Micrometer's, the Prometheus client's
 * {@code exposition-textformats}) but no Java parser, so this follows the format's definition and
 * refuses what a Prometheus server would: a line that is neither a comment nor a sample, a bad metric
 * or label name, a bad escape, a value that is not a Go float, a second {@code # TYPE} for a family, a
 * sample whose family was not declared before it (or whose suffix its type does not have), and the
 * same series twice.
 */
final class PrometheusText {
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*)( .*)?");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern VALUE = Pattern.compile("[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|Inf)|NaN");
    private static final Map<String, List<String>> SUFFIXES = Map.of(
            "counter", List.of(""), "gauge", List.of(""), "untyped", List.of(""),
            "summary", List.of("", "_sum", "_count"), "histogram", List.of("_bucket", "_sum", "_count"));

    private PrometheusText() {
    }

    /**
     * The samples of an exposition by series: the metric name and its labels sorted by name, values
     * escaped as the format writes them ({@code name{a="x",b="y"}}), or the bare name without labels.
     */
    static Map<String, Double> parse(String exposition) {
        if (!exposition.isEmpty() && !exposition.endsWith("\n")) {
            throw new IllegalArgumentException("an exposition ends with a line feed");
        }
        Map<String, String> types = new HashMap<>();
        Map<String, Double> samples = new HashMap<>();
        Set<String> helped = new HashSet<>();
        String[] lines = exposition.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            try {
                if (line.startsWith("# TYPE ")) {
                    Matcher type = matching(TYPE, line);
                    if (types.put(type.group(1), type.group(2)) != null) {
                        throw new IllegalArgumentException("a second TYPE for " + type.group(1));
                    }
                } else if (line.startsWith("# HELP ")) {
                    if (!helped.add(matching(HELP, line).group(1))) {
                        throw new IllegalArgumentException("a second HELP");
                    }
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    sample(line, types, samples);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
            }
        }
        return samples;
    }

    private static void sample(String line, Map<String, String> types, Map<String, Double> samples) {
        int at = 0;
        while (at < line.length() && line.charAt(at) != '{' && line.charAt(at) != ' ') {
            at++;
        }
        String name = line.substring(0, at);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name " + name);
        }
        requireDeclared(name, types);
        Map<String, String> labels = new TreeMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at = labels(line, at + 1, labels);
        }
        if (at >= line.length() || line.charAt(at) != ' ') {
            throw new IllegalArgumentException("expected a space before the value");
        }
        String[] rest = line.substring(at + 1).split(" ", -1);
        if (rest.length > 2 || !VALUE.matcher(rest[0]).matches() || rest.length == 2 && !rest[1].matches("-?\\d+")) {
            throw new IllegalArgumentException("expected a value and an optional timestamp");
        }
        StringBuilder series = new StringBuilder(name);
        if (!labels.isEmpty()) {
            series.append('{');
            labels.forEach((label, value) -> series.append(series.charAt(series.length() - 1) == '{' ? "" : ",")
                    .append(label).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"'));
            series.append('}');
        }
        double value = rest[0].endsWith("Inf") ? (rest[0].startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                : Double.parseDouble(rest[0]);
        if (samples.put(series.toString(), value) != null) {
            throw new IllegalArgumentException("the series " + series + " twice");
        }
    }

    /** A sample belongs to a family declared before it, with a suffix its type has. */
    private static void requireDeclared(String name, Map<String, String> types) {
        for (Map.Entry<String, List<String>> type : SUFFIXES.entrySet()) {
            for (String suffix : type.getValue()) {
                if (name.endsWith(suffix) && type.getKey().equals(types.get(name.substring(0, name.length() - suffix.length())))) {
                    return;
                }
            }
        }
        throw new IllegalArgumentException("no TYPE declared before it for its family");
    }

    /** Reads {@code name="value",…}} from {@code at} into {@code labels}; returns the index after the closing brace. */
    private static int labels(String line, int at, Map<String, String> labels) {
        while (true) {
            if (at < line.length() && line.charAt(at) == '}') {
                return at + 1;
            }
            int eq = line.indexOf('=', at);
            if (eq < 0 || !LABEL_NAME.matcher(line.substring(at, eq)).matches()) {
                throw new IllegalArgumentException("bad label name at " + at);
            }
            if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("a label value is quoted");
            }
            StringBuilder value = new StringBuilder();
            int i = eq + 2;
            for (; i < line.length() && line.charAt(i) != '"'; i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    char escaped = i + 1 < line.length() ? line.charAt(++i) : ' ';
                    switch (escaped) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new IllegalArgumentException("bad escape \\" + escaped);
                    }
                } else {
                    value.append(c);
                }
            }
            if (i >= line.length()) {
                throw new IllegalArgumentException("unterminated label value");
            }
            if (labels.put(line.substring(at, eq), value.toString()) != null) {
                throw new IllegalArgumentException("label " + line.substring(at, eq) + " twice");
            }
            at = i + 1;
            if (at < line.length() && line.charAt(at) == ',') {
                at++;
            } else if (at >= line.length() || line.charAt(at) != '}') {
                throw new IllegalArgumentException("expected , or } after a label");
            }
        }
    }

    private static Matcher matching(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a well-formed " + pattern.pattern().substring(0, 6) + " line");
        }
        return matcher;
    }
}
