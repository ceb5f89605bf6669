package org.callroom.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.callroom.room.Participant;
import org.callroom.room.RoomName;
import org.callroom.room.RoomRegistry;

/** Rooms and their participants, and removing either: what an operator watches and acts on. */
@Path("rooms")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RoomsResource {

    private static final Logger LOG = Logger.getLogger(RoomsResource.class.getName());

    @Inject
    RoomRegistry registry;

    @Context
    SecurityContext caller;

    @GET
    public List<RoomView> rooms() {
        return registry.rooms().stream().map(RoomView::of).toList();
    }

    @GET
    @Path("{room}")
    public Response room(@PathParam("room") String room) {
        if (!RoomName.isValid(room)) {
            return invalidRoom();
        }
        Optional<List<Participant>> participants = registry.participants(room);
        if (participants.isEmpty()) {
            return noSuchRoom(room);
        }
        return Response.ok(new RoomDetail(room, participants.get().stream().map(ParticipantView::of).toList())).build();
    }

    /** Closes the room: everyone in it is removed. */
    @DELETE
    @Path("{room}")
    public Response close(@PathParam("room") String room) {
        if (!RoomName.isValid(room)) {
            return invalidRoom();
        }
        int removed = registry.close(room);
        if (removed == 0) {
            return noSuchRoom(room);
        }
        LOG.info(() -> "event=room-closed room=" + room + " removed=" + removed + " by=" + operator());
        return Response.noContent().build();
    }

    @DELETE
    @Path("{room}/participants/{peerId}")
    public Response remove(@PathParam("room") String room, @PathParam("peerId") String peerId) {
        if (!RoomName.isValid(room)) {
            return invalidRoom();
        }
        if (!registry.remove(room, peerId)) {
            return ApiError.response(Response.Status.NOT_FOUND, "no-such-participant",
                    "room '" + room + "' has no participant with that id");
        }
        LOG.info(() -> "event=removed room=" + room + " peer=" + peerId + " by=" + operator());
        return Response.noContent().build();
    }

    private String operator() {
        return caller.getUserPrincipal() == null ? "-" : caller.getUserPrincipal().getName();
    }

    private static Response invalidRoom() {
        return ApiError.response(Response.Status.BAD_REQUEST, "invalid-room", RoomName.RULE);
    }

    private static Response noSuchRoom(String room) {
        return ApiError.response(Response.Status.NOT_FOUND, "no-such-room", "there is no room '" + room + "'");
    }
}
