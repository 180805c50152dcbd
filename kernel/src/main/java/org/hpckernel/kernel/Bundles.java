package org.hpckernel.kernel;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** The data and metadata of a basekernel DisplayData as JSON, for messages we build by hand. */
final class Bundles {

    private static final Gson GSON = new Gson();

    private Bundles() {}

    static JsonObject data(DisplayData display) {
        return member(display, "data");
    }

    static JsonObject metadata(DisplayData display) {
        return member(display, "metadata");
    }

    private static JsonObject member(DisplayData display, String name) {
        JsonElement tree = GSON.toJsonTree(display);
        JsonElement member = tree.isJsonObject() ? tree.getAsJsonObject().get(name) : null;
        return member != null && member.isJsonObject() ? member.getAsJsonObject() : new JsonObject();
    }
}
