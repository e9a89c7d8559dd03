package dev.podbench.session.git;

/** git could not be run at all (not: git ran and said no). */
public class GitException extends RuntimeException {

    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}
