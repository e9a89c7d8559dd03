package dev.podbench.workspace.git;

/** A branch name was refused (by git's own rules or by Podbench's stricter ones). Nothing was created. */
public class InvalidBranchNameException extends WorktreeException {

    private final String branch;

    public InvalidBranchNameException(String branch, String reason) {
        super("invalid branch name '" + printable(branch) + "': " + reason);
        this.branch = branch;
    }

    public String branch() {
        return branch;
    }

    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        value.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
