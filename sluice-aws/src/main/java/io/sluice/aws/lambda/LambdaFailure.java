package io.sluice.aws.lambda;

import io.sluice.function.FunctionException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A failure thrown to Lambda's Java runtime so that it reports a chosen {@code errorType}.
 *
 * <p>The runtime interface client reports a thrown exception as {@code errorType} = the exception's
 * class name ({@code Throwable.getClass().getName()}, in {@code UserFault.makeUserFault} and {@code
 * LambdaErrorConverter.fromThrowable} of {@code aws-lambda-java-runtime-interface-client} 2.10.1) and
 * {@code errorMessage} = its message; Step Functions' Retry and Catch match that {@code errorType}.
 * The Driver's and the Executor's errors are named like {@code Sluice.InvalidInput}, so the entry
 * points throw an instance of a class whose binary name is exactly that: a subclass of this one,
 * defined at run time (a class {@code InvalidInput} in a package {@code Sluice}). {@link
 * #errorType()} is that name.
 *
 * <p>The message is the {@link FunctionException}'s, the cause is the {@code FunctionException}
 * itself (so logs keep its stack trace), and the stack trace is its stack trace.
 */
public class LambdaFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** For the subclasses defined by {@link Types}: {@code message} and {@code cause} as given. */
  protected LambdaFailure(String message, Throwable cause) {
    super(message, cause);
    if (cause != null) {
      setStackTrace(cause.getStackTrace());
    }
  }

  /**
   * Throws {@code e} without wrapping it, checked or not: Lambda reports a thrown exception by its
   * class name, so a wrapper would change the error type the loop sees.
   */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> E sneaky(Throwable e) throws E {
    throw (E) e;
  }

  /** The {@code errorType} Lambda reports for this failure: the class's binary name. */
  public final String errorType() {
    return getClass().getName();
  }

  /**
   * Makes the failures of one function instance: one class per error type, defined once by a class
   * loader owned by this object (no static state: each entry point owns one). Thread-safe.
   */
  static final class Types {
    private static final String BASE = LambdaFailure.class.getName().replace('.', '/');
    private static final String INIT_DESCRIPTOR = "(Ljava/lang/String;Ljava/lang/Throwable;)V";

    private final Loader loader = new Loader(LambdaFailure.class.getClassLoader());
    private final Map<String, Constructor<? extends LambdaFailure>> constructors = new ConcurrentHashMap<>();

    /**
     * The failure to throw for {@code e}: of a class named {@code e.errorType()} when that is a valid
     * Java class name outside {@code java.*}; else a plain {@code LambdaFailure} whose message starts
     * with the error type.
     */
    LambdaFailure of(FunctionException e) {
      String type = e.errorType();
      String message = String.valueOf(e.getMessage());
      if (!isClassName(type)) {
        return new LambdaFailure(type + ": " + message, e);
      }
      try {
        return constructors.computeIfAbsent(type, this::define).newInstance(message, e);
      } catch (InstantiationException | IllegalAccessException | InvocationTargetException e2) {
        throw new IllegalStateException("Cannot instantiate the failure class for error type '" + type + "'", e2);
      }
    }

    static boolean isClassName(String name) {
      if (name == null || name.isEmpty() || name.startsWith("java.") || name.length() > 200) {
        return false;
      }
      for (String part : name.split("\\.", -1)) {
        if (part.isEmpty() || !Character.isJavaIdentifierStart(part.codePointAt(0))) {
          return false;
        }
        if (!part.codePoints().allMatch(Character::isJavaIdentifierPart)) {
          return false;
        }
      }
      return true;
    }

    private Constructor<? extends LambdaFailure> define(String type) {
      byte[] bytes = classFile(type.replace('.', '/'));
      Class<? extends LambdaFailure> c = loader.define(type, bytes).asSubclass(LambdaFailure.class);
      try {
        return c.getConstructor(String.class, Throwable.class);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("The failure class for '" + type + "' has no (String, Throwable) constructor", e);
      }
    }

    /**
     * The class file of {@code public final class NAME extends LambdaFailure} with one public
     * constructor {@code (String, Throwable)} that calls super's. (Java 21 has no class-file API; this
     * is the smallest valid class: version 52, no branches, so no stack map frames.)
     */
    static byte[] classFile(String internalName) {
      byte[] name = internalName.getBytes(StandardCharsets.UTF_8);
      byte[] base = BASE.getBytes(StandardCharsets.UTF_8);
      byte[] init = "<init>".getBytes(StandardCharsets.UTF_8);
      byte[] desc = INIT_DESCRIPTOR.getBytes(StandardCharsets.UTF_8);
      byte[] code = "Code".getBytes(StandardCharsets.UTF_8);
      ByteBuffer b = ByteBuffer.allocate(200 + name.length + base.length);
      b.putInt(0xCAFEBABE).putShort((short) 0).putShort((short) 52);
      b.putShort((short) 10); // constant pool count: entries 1..9
      utf8(b, name); // #1
      b.put((byte) 7).putShort((short) 1); // #2 Class #1
      utf8(b, base); // #3
      b.put((byte) 7).putShort((short) 3); // #4 Class #3
      utf8(b, init); // #5
      utf8(b, desc); // #6
      b.put((byte) 12).putShort((short) 5).putShort((short) 6); // #7 NameAndType <init>:desc
      b.put((byte) 10).putShort((short) 4).putShort((short) 7); // #8 Methodref LambdaFailure.<init>
      utf8(b, code); // #9
      b.putShort((short) 0x0031); // public final super
      b.putShort((short) 2).putShort((short) 4); // this, super
      b.putShort((short) 0).putShort((short) 0); // no interfaces, no fields
      b.putShort((short) 1); // one method
      b.putShort((short) 0x0001).putShort((short) 5).putShort((short) 6).putShort((short) 1);
      byte[] body = {0x2A, 0x2B, 0x2C, (byte) 0xB7, 0x00, 0x08, (byte) 0xB1}; // aload_0..2, invokespecial #8, return
      b.putShort((short) 9).putInt(12 + body.length);
      b.putShort((short) 3).putShort((short) 3).putInt(body.length).put(body);
      b.putShort((short) 0).putShort((short) 0); // no exception table, no attributes
      b.putShort((short) 0); // no class attributes
      byte[] out = new byte[b.position()];
      b.flip().get(out);
      return out;
    }

    private static void utf8(ByteBuffer b, byte[] s) {
      b.put((byte) 1).putShort((short) s.length).put(s);
    }

    private static final class Loader extends ClassLoader {
      static {
        registerAsParallelCapable();
      }

      Loader(ClassLoader parent) {
        super("sluice-lambda-failures", parent);
      }

      Class<?> define(String name, byte[] bytes) {
        return defineClass(name, bytes, 0, bytes.length);
      }
    }
  }
}
