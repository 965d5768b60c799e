package org.jicp.nns.governance;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.MalformedRequestException;
import org.jicp.nns.internal.pb.BallotPb;
import org.jicp.nns.internal.pb.FolloweesPb;
import org.jicp.nns.internal.pb.GovernanceStatePb;
import org.jicp.nns.internal.pb.NeuronPb;
import org.jicp.nns.internal.pb.ProposalPb;
import org.jicp.nns.ledger.Subaccount;

/** Governance's state as protobuf ({@code GovernanceStatePb}), for upgrades. */
final class GovernanceState {
  private static final CandidMapper CANDID = org.jicp.nns.NnsCandid.MAPPER;

  private GovernanceState() {}

  static Bytes save(Governance g) {
    GovernanceStatePb.Builder b = GovernanceStatePb.newBuilder()
        .setGovernancePrincipal(ByteString.copyFrom(g.config().governancePrincipal().toByteArray()))
        .setGenesisTimestampSeconds(g.config().genesisTimestampSeconds())
        .setEconomicsCandid(ByteString.copyFrom(CANDID.encode(g.economics())))
        .setLatestRewardEventCandid(ByteString.copyFrom(CANDID.encode(g.latestRewardEvent())))
        .setNextNeuronId(g.nextNeuronId())
        .setNextProposalId(g.nextProposalId())
        .addAllPendingExecutions(g.pendingExecutionIds())
        .addAllExecuting(g.executingIds())
        .setNextCommandId(g.nextCommandId())
        .setNodeProviderRewardsCandid(ByteString.copyFrom(CANDID.encode(g.nodeProviderRewardsSchedule())));
    for (Governance.Pending c : g.commandsInProgress()) {
      b.addCommandsCandid(ByteString.copyFrom(CANDID.encode(c)));
    }
    for (GovernanceApi.NodeProvider np : g.nodeProviders()) {
      b.addNodeProvidersCandid(ByteString.copyFrom(CANDID.encode(np)));
    }
    for (Neuron n : g.neurons()) {
      NeuronPb.Builder nb = NeuronPb.newBuilder()
          .setId(n.id())
          .setController(ByteString.copyFrom(n.controller().toByteArray()))
          .setSubaccount(ByteString.copyFrom(n.account().toByteArray()))
          .setCachedNeuronStakeE8S(n.cachedNeuronStakeE8s())
          .setNeuronFeesE8S(n.neuronFeesE8s())
          .setCreatedTimestampSeconds(n.createdTimestampSeconds())
          .setAgingSinceTimestampSeconds(n.agingSinceTimestampSeconds())
          .setMaturityE8SEquivalent(n.maturityE8sEquivalent())
          .setKycVerified(n.kycVerified())
          .setNotForProfit(n.notForProfit());
      n.hotKeys().forEach(k -> nb.addHotKeys(ByteString.copyFrom(k.toByteArray())));
      if (n.dissolveState() instanceof Neuron.DissolveState.NotDissolving nd) {
        nb.setDissolveDelaySeconds(nd.dissolveDelaySeconds());
      } else {
        nb.setWhenDissolvedTimestampSeconds(((Neuron.DissolveState.Dissolving) n.dissolveState()).whenDissolvedTimestampSeconds());
      }
      n.followees().forEach((t, l) -> nb.addFollowees(FolloweesPb.newBuilder().setTopic(t.number()).addAllFollowees(l)));
      b.addNeurons(nb);
    }
    for (ProposalData p : g.proposals()) {
      ProposalPb.Builder pb = ProposalPb.newBuilder()
          .setId(p.id())
          .setProposer(p.proposer())
          .setProposalCandid(ByteString.copyFrom(CANDID.encode(p.proposal())))
          .setTopic(p.topic().number())
          .setProposalTimestampSeconds(p.proposalTimestampSeconds())
          .setRejectCostE8S(p.rejectCostE8s())
          .setInitialVotingPeriodSeconds(p.initialVotingPeriodSeconds())
          .setDeadlineTimestampSeconds(p.deadlineTimestampSeconds())
          .setYes(p.yes())
          .setNo(p.no())
          .setTotal(p.total())
          .setTallyTimestampSeconds(p.tallyTimestampSeconds())
          .setDecidedTimestampSeconds(p.decidedTimestampSeconds())
          .setAdopted(p.adopted())
          .setExecutedTimestampSeconds(p.executedTimestampSeconds())
          .setFailedTimestampSeconds(p.failedTimestampSeconds())
          .setRewardEventRound(p.rewardEventRound());
      p.failureReason().ifPresent(f -> pb.setFailureReasonCandid(ByteString.copyFrom(CANDID.encode(f))));
      g.ballots(p.id()).forEach((n, ballot) -> pb.addBallots(BallotPb.newBuilder()
          .setNeuronId(n).setVote(ballot.vote().number()).setVotingPower(ballot.votingPower())));
      b.addProposals(pb);
    }
    return Bytes.of(b.build().toByteArray());
  }

  static Governance restore(Bytes state) {
    GovernanceStatePb s;
    try {
      s = GovernanceStatePb.parseFrom(state.toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException("governance state: " + e.getMessage(), e);
    }
    GovernanceApi.NetworkEconomics economics = CANDID.decode(s.getEconomicsCandid().toByteArray(), GovernanceApi.NetworkEconomics.class);
    Governance g = new Governance(new GovernanceConfig(Principal.fromBytes(s.getGovernancePrincipal().toByteArray()),
        s.getGenesisTimestampSeconds(), economics));
    g.atomic(() -> {
      for (NeuronPb n : s.getNeuronsList()) {
        List<Principal> hot = new ArrayList<>();
        n.getHotKeysList().forEach(k -> hot.add(Principal.fromBytes(k.toByteArray())));
        Map<Topic, List<Long>> followees = new EnumMap<>(Topic.class);
        for (FolloweesPb f : n.getFolloweesList()) {
          followees.put(Topic.of(f.getTopic()), f.getFolloweesList());
        }
        Neuron.DissolveState ds = n.hasDissolveDelaySeconds()
            ? new Neuron.DissolveState.NotDissolving(n.getDissolveDelaySeconds())
            : new Neuron.DissolveState.Dissolving(n.getWhenDissolvedTimestampSeconds());
        g.restoreNeuron(new Neuron(n.getId(), Principal.fromBytes(n.getController().toByteArray()), hot,
            new Subaccount(Bytes.of(n.getSubaccount().toByteArray())), n.getCachedNeuronStakeE8S(), n.getNeuronFeesE8S(),
            n.getCreatedTimestampSeconds(), n.getAgingSinceTimestampSeconds(), ds, followees, n.getMaturityE8SEquivalent(),
            n.getKycVerified(), n.getNotForProfit()));
      }
      for (ProposalPb p : s.getProposalsList()) {
        Optional<GovernanceApi.GovernanceError> failure = p.getFailureReasonCandid().isEmpty()
            ? Optional.empty()
            : Optional.of(CANDID.decode(p.getFailureReasonCandid().toByteArray(), GovernanceApi.GovernanceError.class));
        ProposalData d = new ProposalData(p.getId(), p.getProposer(),
            CANDID.decode(p.getProposalCandid().toByteArray(), GovernanceApi.Proposal.class), Topic.of(p.getTopic()),
            p.getProposalTimestampSeconds(), p.getRejectCostE8S(), p.getInitialVotingPeriodSeconds(),
            p.getDeadlineTimestampSeconds(), p.getYes(), p.getNo(), p.getTotal(), p.getTallyTimestampSeconds(),
            p.getDecidedTimestampSeconds(), p.getAdopted(), p.getExecutedTimestampSeconds(), p.getFailedTimestampSeconds(),
            failure, p.getRewardEventRound());
        Map<Long, Governance.Ballot> ballots = new TreeMap<>();
        for (BallotPb b : p.getBallotsList()) {
          ballots.put(b.getNeuronId(), new Governance.Ballot(Vote.of(b.getVote()), b.getVotingPower()));
        }
        g.restoreProposal(d, ballots);
      }
      List<GovernanceApi.NodeProvider> providers = new ArrayList<>();
      s.getNodeProvidersCandidList().forEach(x -> providers.add(CANDID.decode(x.toByteArray(), GovernanceApi.NodeProvider.class)));
      g.restoreMisc(economics, CANDID.decode(s.getLatestRewardEventCandid().toByteArray(), GovernanceApi.RewardEvent.class),
          providers, s.getNextNeuronId(), s.getNextProposalId());
      s.getPendingExecutionsList().forEach(g::restorePendingExecution);
      s.getExecutingList().forEach(g::restoreExecuting);
      s.getCommandsCandidList().forEach(x -> g.restoreCommand(CANDID.decode(x.toByteArray(), Governance.Pending.class)));
      g.restoreNextCommandId(s.getNextCommandId());
      if (!s.getNodeProviderRewardsCandid().isEmpty()) {
        g.restoreNodeProviderRewards(CANDID.decode(s.getNodeProviderRewardsCandid().toByteArray(),
            NodeProviderRewards.ScheduleState.class));
      }
      return null;
    });
    return g;
  }
}
