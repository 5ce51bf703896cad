package io.postmesh.delivery.mtasts;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code _mta-sts} TXT record (RFC 8461 §3.1): {@code v=STSv1; id=<1-32 alphanumerics>} plus ignored
 * extension fields. Only the id matters to a sender: a changed id says the policy changed and must be fetched
 * again.
 */
public final class StsRecord {
    private static final Pattern DELIMITER = Pattern.compile("[ \t]*;[ \t]*");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}=[\\x21-\\x3A\\x3C\\x3E-\\x7E]+");

    private StsRecord() {
    }

    /**
     * The policy id from the TXT strings of {@code _mta-sts.<domain>} (each entry one record, its
     * character-strings already joined). §3.1: records not starting with {@code v=STSv1;} are discarded; unless
     * exactly one remains and it is valid, the domain has no policy.
     */
    public static Optional<String> policyId(List<String> txtRecords) {
        List<String> candidates = txtRecords.stream().filter(t -> t.startsWith("v=STSv1;")).toList();
        if (candidates.size() != 1) {
            return Optional.empty();
        }
        String[] fields = DELIMITER.split(candidates.get(0).strip());
        String id = null;
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i];
            if (field.startsWith("id=")) {
                String value = field.substring(3);
                if (id != null || !ID.matcher(value).matches()) {
                    return Optional.empty();
                }
                id = value;
            } else if (!field.isEmpty() && !EXTENSION.matcher(field).matches()) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(id);
    }
}
