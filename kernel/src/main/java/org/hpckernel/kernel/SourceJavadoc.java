package org.hpckernel.kernel;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The doc comment of a type or member in one Java source file, read by javac's parser (no
 * compilation, no classpath): what a library's {@code -sources} jar says about what Shift-Tab points at.
 */
final class SourceJavadoc {

    private SourceJavadoc() {}

    /** A source file parsed once, asked about any number of its elements (a method's overloads come together). */
    record Parsed(Trees trees, CompilationUnitTree unit) {

        /**
         * @param typePath the type's simple names from the file's top-level type down ({@code Outer.Inner})
         * @param member   a field or method name, {@code <init>} for a constructor, or null for the type itself
         * @param params   the method's parameter types as JShell prints them, or null for a field or type;
         *                 overloads are told apart by their types' simple names
         */
        Optional<String> find(String typePath, String member, List<String> params) {
            List<? extends Tree> scope = unit.getTypeDecls();
            ClassTree type = null;
            for (String name : typePath.split("\\.")) {
                type = scope.stream()
                        .filter(t ->
                                t instanceof ClassTree c && c.getSimpleName().contentEquals(name))
                        .map(ClassTree.class::cast)
                        .findFirst()
                        .orElse(null);
                if (type == null) return Optional.empty();
                scope = type.getMembers();
            }
            Tree target = member == null ? type : member(type, member, params);
            if (target == null) return Optional.empty();
            String doc = trees.getDocComment(TreePath.getPath(unit, target));
            return doc == null || doc.isBlank() ? Optional.empty() : Optional.of(doc.strip());
        }
    }

    /** Parses (no compilation, no classpath); empty when javac's parser cannot read it. */
    static Optional<Parsed> parse(String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file =
                new SimpleJavaFileObject(URI.create("string:///Library.java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
        JavacTask task = (JavacTask)
                javac.getTask(Writer.nullWriter(), null, d -> {}, List.of("-proc:none"), null, List.of(file));
        try {
            return Optional.of(
                    new Parsed(Trees.instance(task), task.parse().iterator().next()));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** {@link Parsed#find} on a source parsed for this one question. */
    static Optional<String> find(String source, String typePath, String member, List<String> params) {
        return parse(source).flatMap(p -> p.find(typePath, member, params));
    }

    private static Tree member(ClassTree type, String name, List<String> params) {
        if (params == null) {
            return type.getMembers().stream()
                    .filter(t -> t instanceof VariableTree v && v.getName().contentEquals(name))
                    .findFirst()
                    .orElse(null);
        }
        List<MethodTree> named = type.getMembers().stream()
                .filter(t -> t instanceof MethodTree m && m.getName().contentEquals(name))
                .map(MethodTree.class::cast)
                .toList();
        List<String> wanted = params.stream().map(SourceJavadoc::simpleType).toList();
        return named.stream()
                .filter(m -> m.getParameters().stream()
                        .map(p -> simpleType(p.getType().toString()))
                        .toList()
                        .equals(wanted))
                .findFirst()
                // a type JShell prints differently (a type variable's bound): the overload with as many parameters
                .or(() -> named.stream()
                        .filter(m -> m.getParameters().size() == wanted.size())
                        .findFirst())
                .orElse(null);
    }

    /** {@code java.util.Map<K, V>[]} and {@code Map[]} alike: no type arguments, no package, varargs as an array. */
    static String simpleType(String type) {
        String t = type.strip();
        String previous;
        do {
            previous = t;
            t = t.replaceAll("<[^<>]*>", "");
        } while (!t.equals(previous));
        t = t.replace("...", "[]").replaceAll("\\s+", "").replaceAll("@[\\w.$]+", "");
        int dims = t.indexOf('[');
        String base = dims < 0 ? t : t.substring(0, dims);
        return base.substring(base.lastIndexOf('.') + 1) + (dims < 0 ? "" : t.substring(dims));
    }
}
