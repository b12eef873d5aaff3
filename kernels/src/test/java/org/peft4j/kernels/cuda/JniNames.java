package org.peft4j.kernels.cuda;

import java.lang.reflect.Method;

/** JNI's symbol names for a native method (JNI specification, "Resolving Native Method Names"). */
final class JniNames {
    private JniNames() {}

    static String shortName(Class<?> c, Method m) {
        return "Java_" + mangle(c.getName().replace('.', '/')) + "_" + mangle(m.getName());
    }

    /** The overloaded form: the short name, "__", and the mangled argument descriptor. */
    static String longName(Class<?> c, Method m) {
        StringBuilder sig = new StringBuilder();
        for (Class<?> p : m.getParameterTypes()) sig.append(descriptor(p));
        return shortName(c, m) + "__" + mangle(sig.toString());
    }

    static String mangle(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == '/') out.append('_');
            else if (ch == '_') out.append("_1");
            else if (ch == ';') out.append("_2");
            else if (ch == '[') out.append("_3");
            else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) out.append(ch);
            else out.append(String.format("_0%04x", (int) ch));
        }
        return out.toString();
    }

    static String descriptor(Class<?> p) {
        if (p.isArray()) return "[" + descriptor(p.getComponentType());
        if (p == int.class) return "I";
        if (p == long.class) return "J";
        if (p == float.class) return "F";
        if (p == double.class) return "D";
        if (p == boolean.class) return "Z";
        if (p == byte.class) return "B";
        if (p == char.class) return "C";
        if (p == short.class) return "S";
        if (p == void.class) return "V";
        return "L" + p.getName().replace('.', '/') + ";";
    }
}
