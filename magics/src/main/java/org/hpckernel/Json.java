package org.hpckernel;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The project's JSON and YAML mappers, each configured once for one kind of text. Mappers are
 * thread-safe once built; nobody reconfigures them (LayeringTest forbids building one elsewhere).
 */
public final class Json {

    private static final ObjectMapper PLAIN = JsonMapper.builder().build();

    private static final ObjectMapper WRITTEN_BY_PROGRAMS = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private static final ObjectMapper PYTHON_LITERALS = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private static final ObjectMapper RECORDS = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final ObjectMapper YAML = new YAMLMapper();

    private static final ObjectMapper YAML_FILES = YAMLMapper.builder(
                    new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {}

    /** Plain JSON: ledger columns, params tables, exit files, answers of servers and schedulers. */
    public static ObjectMapper plain() {
        return PLAIN;
    }

    /** JSON a trial's program wrote: Python's json.dump writes NaN and Infinity, so they are read. */
    public static ObjectMapper writtenByPrograms() {
        return WRITTEN_BY_PROGRAMS;
    }

    /** Python literals pasted as JSON (HPC-Ops' params): single quotes and trailing commas. */
    public static ObjectMapper pythonLiterals() {
        return PYTHON_LITERALS;
    }

    /** Our records kept in the ledger (Optional, java.time); fields a newer version added are ignored. */
    public static ObjectMapper records() {
        return RECORDS;
    }

    /** YAML as pasted (sweep configs). */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /** Our YAML files (profiles): no "---" line; keys a newer version added are ignored. */
    public static ObjectMapper yamlFiles() {
        return YAML_FILES;
    }
}
