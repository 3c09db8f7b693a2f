package dev.lepton.api.v1;

/**
 * What walking the audit log's hash chain found. Verified: {@code rows} rows checked, and the head
 * ({@code headSeq}, {@code headHash}) to keep elsewhere. Not verified: {@code firstBadSeq} is the
 * first row that does not verify, for {@code reason}. Fields that do not apply are absent.
 */
public record ApiAuditVerification(boolean verified, Long rows, Long headSeq, String headHash, Long firstBadSeq, String reason) {
    public static ApiAuditVerification verified(long rows, long headSeq, String headHash) {
        return new ApiAuditVerification(true, rows, headSeq, headHash, null, null);
    }

    public static ApiAuditVerification broken(long firstBadSeq, String reason) {
        return new ApiAuditVerification(false, null, null, null, firstBadSeq, reason);
    }
}
