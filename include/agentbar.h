/*
 * agentbar.h — the callcloud Agentbar C SDK, its public header.
 *
 * It mirrors the Agentbar manual (呼叫云 Agentbar 开发手册): section 3.1
 * properties, 3.2 methods, 3.3 events, with the manual's names and
 * parameter order, so anyone can search the manual for any identifier here.
 * The numeric codes it answers with live in agentbar_codes.h, which it
 * includes (the server uses that header alone).
 *
 * Threading: every function is safe from any thread and from inside an
 * event callback. Events arrive in order on the SDK's event thread, or on
 * the caller of ab_Dispatch() when the property DispatchMode is "manual".
 */
#ifndef AGENTBAR_H
#define AGENTBAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agentbar_codes.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The SDK ----------------------------------------------------------- */

typedef struct AgentBar AgentBar;

AgentBar *ab_Create(void);               /* headless mode (manual 2.2) */
void      ab_Destroy(AgentBar *bar);     /* UnInitial()s first if needed */

/* Properties by the manual's exact names (3.1), plus the extension
 * "DispatchMode" ("thread" default, or "manual") and the other extensions
 * of docs/agentbar-c.md: the softphone's Phone*, and TLSCAFile /
 * TLSFingerprint for tls:// servers. Booleans read and write
 * as "0"/"1" (also accept "true"/"false"). Both return 0, or
 * ArInvalidParam for an unknown name, a bad value, or (GetProperty) a buf
 * too small for the value. */
int ab_SetProperty(AgentBar *bar, const char *name, const char *value);
int ab_GetProperty(AgentBar *bar, const char *name, char *buf, size_t buflen);

/* Typed accessors (manual: BSTR Get..(void) / void Set..(LPCTSTR)).
 * String getters return a pointer valid until the property is set again. */
#define AB_STRING_PROPERTY(P) \
	void ab_Set##P(AgentBar *bar, const char *v); \
	const char *ab_Get##P(AgentBar *bar);
#define AB_LONG_PROPERTY(P) \
	void ab_Set##P(AgentBar *bar, long v); \
	long ab_Get##P(AgentBar *bar);
AB_STRING_PROPERTY(AgentID)
AB_STRING_PROPERTY(PassWord)
AB_STRING_PROPERTY(DN)
AB_LONG_PROPERTY(StatusChangeType)
AB_LONG_PROPERTY(AutoAnswer)
AB_LONG_PROPERTY(ForceSignIn)
AB_STRING_PROPERTY(ServiceList)
AB_STRING_PROPERTY(MainCTIIP)
AB_STRING_PROPERTY(BackCTIIP)
AB_LONG_PROPERTY(CTIPort)
AB_LONG_PROPERTY(TimeOut)
AB_LONG_PROPERTY(IsInitial)        /* read-only: the setter is ignored */
AB_LONG_PROPERTY(IsSignIn)         /* read-only: the setter is ignored */
AB_LONG_PROPERTY(IsSIPPhone)
AB_STRING_PROPERTY(SIPServerIP)
AB_LONG_PROPERTY(SIPServerPort)
AB_STRING_PROPERTY(PhoneNum)
AB_STRING_PROPERTY(PhonePwd)
AB_STRING_PROPERTY(AgentTag)
AB_STRING_PROPERTY(CustomerTag)
AB_LONG_PROPERTY(ANISChangeType)   /* alias ANICChangeType; unused */
AB_LONG_PROPERTY(IsShowCallOut)
AB_LONG_PROPERTY(IsCallOut)
AB_LONG_PROPERTY(LogLevel)
AB_LONG_PROPERTY(EnableSeniorCall)
AB_STRING_PROPERTY(AnyProperty)
#undef AB_STRING_PROPERTY
#undef AB_LONG_PROPERTY

/* Methods (3.2.1 - 3.2.56): 0 on success, AcResultT or AGENTBARERROR
 * otherwise. Methods the manual types `string` return a newly allocated
 * string, "" on failure (NULL only when out of memory), to be freed with
 * ab_FreeString(); ab_LastError() then tells the code of that call. */
int ab_Initial(AgentBar *bar);                                  /* 3.2.1 */
int ab_UnInitial(AgentBar *bar);                                /* 3.2.2 */
int ab_SignIn(AgentBar *bar);                                   /* 3.2.3 */
int ab_SignOut(AgentBar *bar);                                  /* 3.2.4 */
int ab_SetIdle(AgentBar *bar);                                  /* 3.2.5 */
int ab_SetBusy(AgentBar *bar);                                  /* 3.2.6 */
int ab_SetRest(AgentBar *bar, const char *reason);              /* 3.2.7 */
int ab_SetAgentStatus(AgentBar *bar, int AgentState,
		      const char *Reason);                       /* 3.2.8 */
int ab_GetAgentStatus(AgentBar *bar);   /* 3.2.9: AgentStatusT, >=1000 error */
int ab_ResetSkill(AgentBar *bar, const char *SkillList);        /* 3.2.10 */
int ab_Reset(AgentBar *bar);                                    /* 3.2.11 */
int ab_MakeCall(AgentBar *bar, const char *dest, const char *showANI,
		const char *showDest, int isOffhook, int type);  /* 3.2.12 */
int ab_Answer(AgentBar *bar);                                   /* 3.2.13 */
int ab_ReleaseCall(AgentBar *bar);                              /* 3.2.14 */
int ab_Hold(AgentBar *bar);                                     /* 3.2.15 */
int ab_Retrieve(AgentBar *bar);                                 /* 3.2.16 */
int ab_Consult(AgentBar *bar, const char *consultNum, const char *showANI,
	       const char *showDest, int consultType);           /* 3.2.17 */
int ab_Reconnect(AgentBar *bar);                                /* 3.2.18 */
int ab_Transfer(AgentBar *bar);                                 /* 3.2.19 */
int ab_SingleStepTransfer(AgentBar *bar, const char *transferNum,
			  const char *showANI, const char *showDest,
			  int transferStyle, int transferType);  /* 3.2.20 */
int ab_Conference(AgentBar *bar);                               /* 3.2.21 */
int ab_SetCallData(AgentBar *bar, const char *key,
		   const char *CallData);                        /* 3.2.22 */
char *ab_GetCallData(AgentBar *bar, const char *key);           /* 3.2.23 */
int ab_ForceOut(AgentBar *bar, const char *AgentID);            /* 3.2.24 */
int ab_ForceIdle(AgentBar *bar, const char *AgentID);           /* 3.2.25 */
int ab_ForceBusy(AgentBar *bar, const char *AgentID);           /* 3.2.26 */
int ab_Listen(AgentBar *bar, const char *AgentID, const char *showANI,
	      const char *showDest);                             /* 3.2.27 */
int ab_StopListen(AgentBar *bar, const char *AgentID);          /* 3.2.28 */
int ab_Insert(AgentBar *bar, const char *agentID, const char *showANI,
	      const char *showDest);                             /* 3.2.29 */
int ab_StopInsert(AgentBar *bar, const char *agentID);          /* 3.2.30 */
int ab_SwitchInsertorListen(AgentBar *bar, const char *agentID,
			    const char *showANI,
			    const char *showDest);               /* 3.2.31 */
int ab_Break(AgentBar *bar, const char *agentID);               /* 3.2.32 */
int ab_SendDTMF(AgentBar *bar, const char *DTMFDigits);         /* 3.2.33 */
int ab_MuteOn(AgentBar *bar);                                   /* 3.2.34 */
int ab_MuteOff(AgentBar *bar);                                  /* 3.2.35 */
char *ab_GetAgentDetailByAgentID(AgentBar *bar, const char *AgentID);
char *ab_GetAgentDetailByAgentDN(AgentBar *bar, const char *AgentDN);
char *ab_GetAgentDetailsByAgentIDs(AgentBar *bar, const char *AgentIDs);
char *ab_GetAgentDetailsByAgentDNs(AgentBar *bar, const char *AgentDNs);
char *ab_GetRecordFileName(AgentBar *bar);                      /* 3.2.40 */
char *ab_GetRestReason(AgentBar *bar);                          /* 3.2.41 */
int   ab_GetAgentNBySkill(AgentBar *bar, const char *skill);    /* 3.2.42 */
char *ab_GetAgentDetailsBySkill(AgentBar *bar, const char *skill);
char *ab_GetSkillWaitingNumber(AgentBar *bar, const char *skill);
char *ab_GetSkillWaitingCallInfo(AgentBar *bar, const char *skill);
char *ab_GetPrivateQueue(AgentBar *bar, const char *agentID);   /* 3.2.46 */
char *ab_GetSysInfo(AgentBar *bar);                             /* 3.2.47 */
char *ab_GetCallingNo(AgentBar *bar);                           /* 3.2.48 */
char *ab_GetOrgCallingNo(AgentBar *bar);                        /* 3.2.49 */
char *ab_GetCalledNo(AgentBar *bar);                            /* 3.2.50 */
char *ab_GetOrgCalledNo(AgentBar *bar);                         /* 3.2.51 */
int   ab_SynchronizeCTITime(AgentBar *bar);                     /* 3.2.52 */
char *ab_GetPromptByErrorCode(AgentBar *bar, int ErrorCode);    /* 3.2.53 */
long  ab_JumptheQueue(AgentBar *bar, int64_t requestId);        /* 3.2.54 */
long  ab_TransIVR(AgentBar *bar, const char *transferNum);      /* 3.2.55 */
long  ab_TransIVREx(AgentBar *bar, const char *callerNum,
		    const char *transferNum);                    /* 3.2.56 */

void ab_FreeString(char *s);
int  ab_LastError(AgentBar *bar);
/* Offset (microseconds) between CTI time and local time, as measured by the
 * last SynchronizeCTITime (extension). */
long long ab_CTITimeOffset(AgentBar *bar);

/* ---- Events (3.3) ------------------------------------------------------ */

/* The 19 agent-state events 3.3.1 - 3.3.19 share this signature. */
typedef void (AgentBarStateEvent)(void *ctx, int eventID, const char *callID,
	long long contactID, long long partyNum, const char *otherParty,
	int otherPartyAttribute, const char *originatingParty,
	const char *originalANI, const char *originalDNIS, int reason,
	long long timestamp);
/* OnBeginRecord / OnEndRecord (3.3.20, 3.3.21) */
typedef void (AgentBarRecordEvent)(void *ctx, const char *callID,
	long long contactID, const char *filename, int reason,
	long long timestamp);
/* OnInprivatequeue ... OnOperationFailed (3.3.22 - 3.3.26) */
typedef void (AgentBarQueueEvent)(void *ctx, const char *callID,
	long long contactID, const char *originalANI, const char *originalDNIS,
	int reason, long long timestamp);

typedef struct AgentBarEvents {
	AgentBarStateEvent *OnUnLogin, *OnReady, *OnBusy, *OnRest, *OnLock,
		*OnAlerting, *OnHarfAlerting, *OnConnecting, *OnConnected,
		*OnHarfConnected, *OnInternalConnected, *OnSuspended,
		*OnConsultConnecting, *OnConsultConnected, *OnConference,
		*OnMonitor, *OnInsert, *OnMonitored, *OnInserted;
	AgentBarRecordEvent *OnBeginRecord, *OnEndRecord;
	AgentBarQueueEvent *OnInprivatequeue, *OnOutprivatequeue,
		*OnCTIDisconnect, *OnMasterChanged, *OnOperationFailed;
	/* 3.3.27: before every external call, consult or single-step
	 * transfer to an outside number; runs synchronously in the thread
	 * that called the method; leaving IsCallOut 0 cancels the call. */
	void (*OnBeforeOutCall)(void *ctx, const char *otherParty,
		int otherPartyAttribute, const char *originalANI,
		const char *originalDNIS, int reason, long long timestamp);
} AgentBarEvents;

void ab_SetEvents(AgentBar *bar, const AgentBarEvents *events, void *ctx);

/* DispatchMode "manual": deliver queued events on the calling thread, waiting
 * up to timeout_ms for the first; returns how many were delivered. */
int ab_Dispatch(AgentBar *bar, int timeout_ms);

#ifdef __cplusplus
}
#endif
#endif /* AGENTBAR_H */
