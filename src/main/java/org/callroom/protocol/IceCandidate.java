package org.callroom.protocol;

/** The fields of an {@code RTCIceCandidateInit}, as the browser produced them; relayed with nulls as null, which RTCIceCandidateInit accepts. */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {

    public IceCandidate {
        Fields.require(candidate != null, "candidate.candidate is required (an empty string is allowed)");
        Fields.require(candidate.length() <= Fields.MAX_CANDIDATE_LENGTH, "candidate.candidate is too long");
        // addIceCandidate() throws TypeError when both are missing, so such a candidate is useless to the addressee.
        Fields.require(sdpMid != null || sdpMLineIndex != null, "candidate needs sdpMid or sdpMLineIndex");
        Fields.require(sdpMid == null || sdpMid.length() <= 64, "candidate.sdpMid is too long");
        Fields.require(sdpMLineIndex == null || (sdpMLineIndex >= 0 && sdpMLineIndex <= 65535),
                "candidate.sdpMLineIndex must be 0-65535");
        Fields.require(usernameFragment == null || usernameFragment.length() <= 256, "candidate.usernameFragment is too long");
        Fields.text("candidate.candidate", candidate);
        Fields.text("candidate.sdpMid", sdpMid);
        Fields.text("candidate.usernameFragment", usernameFragment);
    }
}
