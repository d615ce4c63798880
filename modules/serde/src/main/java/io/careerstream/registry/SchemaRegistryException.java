package io.careerstream.registry;

/**
 * The registry refused a request, or could not be reached. Carries the HTTP status (0 when no
 * answer came) and the registry's {@code error_code} (0 when it gave none).
 */
public class SchemaRegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(int status, int errorCode, String message) {
        this(status, errorCode, message, null);
    }

    public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message + (status == 0 ? "" : " (HTTP " + status + (errorCode == 0 ? "" : ", error_code " + errorCode) + ")"),
                cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The typed exception for a registry answer. */
    public static SchemaRegistryException of(int status, int errorCode, String message) {
        return switch (errorCode) {
            case SUBJECT_NOT_FOUND -> new SubjectNotFound(status, errorCode, message);
            case VERSION_NOT_FOUND -> new VersionNotFound(status, errorCode, message);
            case SCHEMA_NOT_FOUND -> new SchemaNotFound(status, errorCode, message);
            case INCOMPATIBLE_SCHEMA -> new IncompatibleSchema(status, errorCode, message);
            case INVALID_SCHEMA -> new InvalidSchema(status, errorCode, message);
            default -> new SchemaRegistryException(status, errorCode, message);
        };
    }

    /**
     * Whether {@code e}, or any of its causes, says the registry could not be reached: the record
     * being read may be good, so a reader must not skip it as if it were not.
     */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Unavailable) {
                return true;
            }
        }
        return false;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    /** 40401: no such subject. */
    public static final class SubjectNotFound extends SchemaRegistryException {
        public SubjectNotFound(int status, int errorCode, String message) {
            super(status, errorCode, message);
        }
    }

    /** 40402: no such version of the subject. */
    public static final class VersionNotFound extends SchemaRegistryException {
        public VersionNotFound(int status, int errorCode, String message) {
            super(status, errorCode, message);
        }
    }

    /** 40403: no such schema (by id, or under the subject). */
    public static final class SchemaNotFound extends SchemaRegistryException {
        public SchemaNotFound(int status, int errorCode, String message) {
            super(status, errorCode, message);
        }
    }

    /** 409: the schema breaks the subject's compatibility rule. */
    public static final class IncompatibleSchema extends SchemaRegistryException {
        public IncompatibleSchema(int status, int errorCode, String message) {
            super(status, errorCode, message);
        }
    }

    /** 42201: the registry could not parse the schema. */
    public static final class InvalidSchema extends SchemaRegistryException {
        public InvalidSchema(int status, int errorCode, String message) {
            super(status, errorCode, message);
        }
    }

    /**
     * No usable answer: after every retry (connection refused, timeout, 5xx), or at once when the
     * registry refused the credentials or the TLS handshake failed. A record being read may be good,
     * so a reader must stop rather than skip it.
     */
    public static class Unavailable extends SchemaRegistryException {
        public Unavailable(int status, String message, Throwable cause) {
            super(status, 0, message, cause);
        }
    }

    /** 401 or 403: the registry refused the credentials (or their absence). Not retried: retrying changes nothing. */
    public static final class AccessDenied extends Unavailable {
        public AccessDenied(int status, String message) {
            super(status, message, null);
        }
    }
}
