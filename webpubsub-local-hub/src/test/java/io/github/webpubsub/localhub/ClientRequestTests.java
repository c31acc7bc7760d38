package io.github.webpubsub.localhub;

import io.github.webpubsub.localhub.ClientRequest.Event;
import io.github.webpubsub.localhub.ClientRequest.JoinGroup;
import io.github.webpubsub.localhub.ClientRequest.LeaveGroup;
import io.github.webpubsub.localhub.ClientRequest.Ping;
import io.github.webpubsub.localhub.ClientRequest.SendToGroup;
import io.github.webpubsub.localhub.ClientRequest.SequenceAck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClientRequestTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsTheRequestsOfTheJsonSubprotocols() {
        assertThat(parse("{'type':'joinGroup','group':'lobby','ackId':1}")).isEqualTo(new JoinGroup("lobby", 1L));
        assertThat(parse("{'type':'leaveGroup','group':'lobby'}")).isEqualTo(new LeaveGroup("lobby", null));
        assertThat(parse("{'type':'sequenceAck','sequenceId':9}")).isEqualTo(new SequenceAck(9));
        assertThat(parse("{'type':'ping'}")).isEqualTo(new Ping());
        Event event = (Event) parse("{'type':'event','event':'typing','ackId':2,'data':{}}");
        assertThat(event.event()).isEqualTo("typing");
        assertThat(event.ackId()).isEqualTo(2L);
        assertThat(event.dataType()).isEqualTo("json");
        assertThat(event.data().isObject()).isTrue();
    }

    @Test
    void sendToGroupDefaultsToJsonWithEcho() {
        SendToGroup send = (SendToGroup) parse("{'type':'sendToGroup','group':'lobby','data':{'a':[1]}}");

        assertThat(send.dataType()).isEqualTo("json");
        assertThat(send.noEcho()).isFalse();
        assertThat(send.ackId()).isNull();
        assertThat(send.data()).hasToString("{\"a\":[1]}");
    }

    @Test
    void sendToGroupKeepsNoEchoAndDataType() {
        SendToGroup send = (SendToGroup) parse(
                "{'type':'sendToGroup','group':'g','ackId':3,'noEcho':true,'dataType':'binary','data':'AAEC'}");

        assertThat(send.noEcho()).isTrue();
        assertThat(send.dataType()).isEqualTo("binary");
        assertThat(send.data().asString()).isEqualTo("AAEC");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]                                                              | A frame must be a JSON object.",
            "{'group':'g'}                                                   | The request has no type string.",
            "{'type':'joinGroup'}                                            | The request has no group string.",
            "{'type':'joinGroup','group':''}                                 | A group name has 1 to 1024 characters",
            "{'type':'joinGroup','group':'   '}                              | A group name has 1 to 1024 characters",
            "{'type':'joinGroup','group':'a\\u0000b'}                        | A group name has 1 to 1024 characters",
            "{'type':'joinGroup','group':'g','ackId':-1}                     | ackId must be a whole number, 0 or "
                    + "more.",
            "{'type':'joinGroup','group':'g','ackId':1.5}                    | ackId must be a whole number, 0 or "
                    + "more.",
            "{'type':'joinGroup','group':'g','ackId':'1'}                    | ackId must be a whole number, 0 or "
                    + "more.",
            "{'type':'sendToGroup','group':'g','noEcho':'yes','data':1}      | noEcho must be true or false.",
            "{'type':'sendToGroup','group':'g','dataType':'protobuf','data':'AA=='} | dataType must be json, text "
                    + "or binary.",
            "{'type':'sendToGroup','group':'g','dataType':'text','data':5}   | With dataType text, data must be a "
                    + "string.",
            "{'type':'sendToGroup','group':'g','dataType':'binary','data':'***'} | With dataType binary, data must "
                    + "be a base64 string.",
            "{'type':'sendToGroup','group':'g'}                              | The request has no data.",
            "{'type':'sendToGroup','group':'g','stream':{'streamId':'s'}}   | Group streams are not supported by "
                    + "the local hub.",
            "{'type':'sequenceAck'}                                          | sequenceId must be a whole number, "
                    + "0 or more.",
            "{'type':'setGroupState','group':'g'}                            | Requests of type 'setGroupState' "
                    + "are not supported" })
    void declinesFramesThatDoNotMatchTheSubprotocol(String frame, String reason) {
        assertThatExceptionOfType(ProtocolViolationException.class).isThrownBy(() -> parse(frame))
            .withMessageStartingWith(reason);
    }

    @Test
    void acceptsTheLongestGroupName() {
        String group = "g".repeat(1024);

        assertThat(parse("{'type':'joinGroup','group':'" + group + "'}")).isEqualTo(new JoinGroup(group, null));
        assertThatExceptionOfType(ProtocolViolationException.class)
            .isThrownBy(() -> parse("{'type':'joinGroup','group':'" + group + "g'}"));
    }

    @Test
    void quotesAnUnknownTypeShortened() {
        assertThatExceptionOfType(ProtocolViolationException.class)
            .isThrownBy(() -> parse("{'type':'" + "x".repeat(100) + "'}"))
            .withMessageStartingWith("Requests of type '" + "x".repeat(64) + "...' are not supported");
    }

    private static ClientRequest parse(String frame) {
        return ClientRequest.parse(JSON.readTree(frame.replace('\'', '"')));
    }

}
