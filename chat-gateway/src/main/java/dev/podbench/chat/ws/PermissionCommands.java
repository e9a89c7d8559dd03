package dev.podbench.chat.ws;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.chat.permission.PermissionGate;
import dev.podbench.chat.permission.PermissionPolicy;
import io.smallrye.mutiny.Uni;

/**
 * What a chat connection's permission frames do: an answer goes to the session's {@link PermissionGate} (first
 * answer wins; a late or unknown one gets an error frame on that socket only), a mode switch to the supervisor.
 */
@ApplicationScoped
public class PermissionCommands {

    private final PermissionPolicy policy;

    public PermissionCommands(PermissionPolicy policy) {
        this.policy = policy;
    }

    Uni<Void> handle(ChatConnection chat, PermissionFrames.Frame frame) {
        if (frame instanceof PermissionFrames.Answer answer) {
            return chat.supervisor().permissions()
                    .answer(answer.requestId(), answer.decision(), answer.message(), answer.answers(), chat.user())
                    .invoke(outcome -> {
                        switch (outcome) {
                            case UNKNOWN_REQUEST -> chat.error("unknown_request",
                                    "no permission request '" + answer.requestId() + "' in this session");
                            case ALREADY_ANSWERED -> chat.error("already_answered",
                                    "the permission request '" + answer.requestId() + "' is already answered");
                            case ANSWERED -> {
                            }
                        }
                    }).replaceWithVoid();
        }
        PermissionFrames.SetMode setMode = (PermissionFrames.SetMode) frame;
        if (PermissionPolicy.BYPASS.equals(setMode.mode()) && !policy.allowsBypass()) {
            chat.error("bypass_not_allowed", "bypassPermissions is not allowed on this installation "
                    + "(podbench.chat.allow-bypass-permissions)");
            return Uni.createFrom().voidItem();
        }
        return chat.supervisor().setPermissionMode(setMode.mode());
    }
}
